import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { Box, Card, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { loadPrivacyRequests } from "../.server/admin/privacy-requests";
import { requireShop } from "../.server/admin-auth";
import { DateTime } from "../components/date-time";

export const meta: MetaFunction = () => [{ title: "Privacy requests · OrderBridge" }];

export const loader = async ({ request, context }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadPrivacyRequests(context.app, shop));
};

/** The shop's customer privacy requests (Polaris): what each asked and did, and the data exports to pass on. */
export default function PrivacyRequestsPage() {
  const { requests } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <Page title="Privacy requests" backAction={{ content: "Orders", url: `/app${location.search}` }}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            {requests.length === 0 ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  No privacy requests yet. When a customer asks your store for their data, or to erase it, Shopify tells
                  OrderBridge, and the request shows here.
                </Text>
              </Box>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Request", "Received", "Done", ""]}
                rows={requests.map((r) => [
                  r.summary,
                  <DateTime key="received" value={r.receivedAt} />,
                  r.completedAt ? <DateTime key="done" value={r.completedAt} /> : "In progress",
                  r.hasExport ? (
                    <Link key="export" to={`/app/privacy-requests/${r.id}/export${location.search}`} reloadDocument>
                      Download the customer's data
                    </Link>
                  ) : (
                    ""
                  ),
                ])}
              />
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/subpage-error-boundary";
