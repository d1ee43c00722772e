import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { loadAccountDetail, runAccountAction } from "../.server/admin/account-detail";
import { requireShop } from "../.server/admin-auth";
import { ActionResultBanner } from "../components/action-result-banner";
import { DateTime } from "../components/date-time";
import { polarisTone } from "../components/polaris-tone";
import { useAccountPage } from "../components/use-account-page";
import { ConnectButton } from "../components/marketplace-accounts-card";
import { isConnectable, reconnectLabel } from "../components/use-marketplace-connect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.account.name} · OrderBridge` : "Account · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadAccountDetail(context.app, shop, params.accountId));
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { result, status } = await runAccountAction(context.app, shop, params.accountId, request);
  return json(result, { status });
};

/** One marketplace account (Polaris): its status, last sync and error; pause, resume, rename. */
export default function AccountPage() {
  const { account, maxNameLength, name, setName, search, status, busy, nameError, canSaveName } = useAccountPage();

  return (
    <Page
      title={account.name}
      subtitle={account.marketplaceName}
      titleMetadata={<Badge tone={polarisTone(status.tone)}>{status.label}</Badge>}
      backAction={{ content: "Orders", url: `/app${search}` }}
      primaryAction={{ content: "Import settings", url: `/app/accounts/${account.id}/settings${search}` }}
    >
      <Layout>
        {nameError ? null : <ActionResultBanner />}
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Import
              </Text>
              <Text as="p">
                Last successful sync: {account.lastSyncedAt ? <DateTime value={account.lastSyncedAt} /> : "not yet"}
              </Text>
              {account.lastError ? (
                <Text as="p" tone="critical" breakWord>
                  Last error: {account.lastError}
                </Text>
              ) : null}
              <Text as="p" tone="subdued">
                Connected <DateTime value={account.connectedAt} />
              </Text>
              {account.expired ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value={account.enabled ? "pause" : "resume"} />
                  <Button submit loading={busy("pause") || busy("resume")}>
                    {account.enabled ? "Pause import" : "Resume import"}
                  </Button>
                </Form>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Connection
              </Text>
              {account.expired && isConnectable(account.marketplace) ? (
                <ConnectButton
                  marketplace={account.marketplace}
                  label={reconnectLabel(account.marketplace)}
                  region={account.region}
                />
              ) : null}
              {account.disconnected ? null : (
                <Form method="post">
                  <input type="hidden" name="intent" value="disconnect" />
                  <BlockStack gap="200">
                    <Text as="p" tone="subdued">
                      Disconnecting erases this account&apos;s credentials and stops its import. Its orders stay here,
                      and reconnecting the same seller resumes where it stopped.
                    </Text>
                    <InlineStack>
                      <Button submit tone="critical" loading={busy("disconnect")}>
                        Disconnect
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </Form>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <Form method="post">
              <input type="hidden" name="intent" value="rename" />
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Name
                </Text>
                <InlineStack gap="300" blockAlign="end">
                  <TextField
                    label="Account name"
                    name="name"
                    value={name}
                    onChange={setName}
                    maxLength={maxNameLength}
                    autoComplete="off"
                    error={nameError}
                  />
                  <Button submit loading={busy("rename")} disabled={!canSaveName}>
                    Save name
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/subpage-error-boundary";
