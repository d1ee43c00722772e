import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import type { ReactNode } from "react";
import { loadOrderDetail, runOrderAction } from "../.server/admin/order-detail";
import { requireShop } from "../.server/admin-auth";
import { ActionResultBanner } from "../components/action-result-banner";
import { DateTime } from "../components/date-time";
import { FulfillmentStatusBadge } from "../components/fulfillment-status-badge";
import { MapSkuForm } from "../components/map-sku-form";
import { PostalAddress } from "../components/postal-address";
import { ShipmentExportStatusBadge } from "../components/shipment-export-status-badge";
import { Timeline } from "../components/timeline";
import { useAutoRefresh } from "../components/use-auto-refresh";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order ${data.order.marketplaceOrderId} · OrderBridge` : "Order · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadOrderDetail(context.app, shop, params.orderId));
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { result, status } = await runOrderAction(context.app, shop, params.orderId, request);
  return json(result, { status });
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <BlockStack gap="050">
      <Text as="p" variant="bodySm" tone="subdued">
        {label}
      </Text>
      <Text as="p">{children}</Text>
    </BlockStack>
  );
}

function Missing({ children = "—" }: { children?: string }) {
  return (
    <Text as="span" tone="subdued">
      {children}
    </Text>
  );
}

export default function OrderPage() {
  const { order, lines, shipments, timeline } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  useAutoRefresh();

  // The list's filters travel in the query string; "Orders" goes back to the same view.
  const backUrl = `/app${location.search}`;
  const busyWith = (intent: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const retrying = busyWith("retry");
  const skus = [...new Set(lines.map((l) => l.sku).filter((s): s is string => !!s))];

  return (
    <Page
      backAction={{ content: "Orders", url: backUrl }}
      title={order.marketplaceOrderId}
      titleMetadata={<FulfillmentStatusBadge status={order.fulfillmentStatus} label={order.fulfillmentStatusLabel} />}
      subtitle={[
        order.accountName ? `${order.marketplaceName} (${order.accountName})` : order.marketplaceName,
        order.shopOrderName ? `Shop order ${order.shopOrderName}` : "No shop order yet",
      ].join(" · ")}
    >
      <Layout>
        <ActionResultBanner />

        {order.fulfillmentStatus === "failed" ? (
          <Layout.Section>
            <Banner tone="critical" title="This order needs attention">
              <BlockStack gap="300">
                <Text as="p">{order.failureReason ?? "A step failed without a reason."}</Text>
                {order.failedStep ? (
                  <Text as="p" variant="bodySm" tone="subdued">
                    Failed step: {order.failedStep}
                  </Text>
                ) : null}
                <Form method="post">
                  <input type="hidden" name="intent" value="retry" />
                  <Button submit loading={retrying}>
                    Retry
                  </Button>
                </Form>
                {order.canMapSku ? <MapSkuForm skus={skus} platformName="Shopify" busy={busyWith("map-sku")} /> : null}
              </BlockStack>
            </Banner>
          </Layout.Section>
        ) : null}

        <Layout.Section>
          <BlockStack gap="400">
            <Card padding="0">
              <Box padding="400" paddingBlockEnd="200">
                <Text as="h2" variant="headingMd">
                  Lines
                </Text>
              </Box>
              <DataTable
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "numeric"]}
                headings={["SKU", "Title", "Ordered", "Shipped", "Unit price", "Total"]}
                rows={lines.map((l) => [
                  l.sku ? l.shopSku ? `${l.sku} → ${l.shopSku}` : l.sku : <Missing key="sku">No SKU</Missing>,
                  l.title,
                  l.quantity,
                  l.quantityShipped,
                  l.unitPrice,
                  l.total,
                ])}
              />
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Shipments
                </Text>
                {shipments.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing shipped from the shop yet.
                  </Text>
                ) : (
                  <BlockStack gap="300">
                    {shipments.map((s, i) => (
                      <BlockStack gap="300" key={s.id}>
                        {i > 0 ? <Divider /> : null}
                        <InlineStack gap="200" blockAlign="center">
                          <Text as="h3" variant="headingSm">
                            Package {i + 1}
                          </Text>
                          <ShipmentExportStatusBadge status={s.exportStatus} />
                        </InlineStack>
                        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
                          <Field label="Carrier">{s.carrierName ?? <Missing />}</Field>
                          <Field label="Tracking number">{s.trackingNumber ?? <Missing>None yet</Missing>}</Field>
                          <Field label="Shipped">
                            <DateTime value={s.shippedAt} />
                          </Field>
                          <Field label="Sent to marketplace as">{s.exportedCarrierCode ?? <Missing />}</Field>
                        </InlineGrid>
                        {s.exportedAt ? (
                          <Text as="p" variant="bodySm" tone="subdued">
                            Exported <DateTime value={s.exportedAt} />
                            {s.marketplaceShipmentId ? ` · marketplace reference ${s.marketplaceShipmentId}` : ""}
                          </Text>
                        ) : null}
                        {s.lastError ? (
                          <Text as="p" tone="critical">
                            Last error: {s.lastError}
                          </Text>
                        ) : null}
                      </BlockStack>
                    ))}
                  </BlockStack>
                )}
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  Timeline
                </Text>
                <Timeline events={timeline} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Summary
                </Text>
                <BlockStack gap="200">
                  <Field label="Purchased">
                    <DateTime value={order.purchasedAt} />
                  </Field>
                  <Field label="Marketplace status">{order.marketplaceStatus}</Field>
                  {order.shippingServiceLevel ? (
                    <Field label="Shipping service">{order.shippingServiceLevel}</Field>
                  ) : null}
                </BlockStack>
                <Divider />
                <BlockStack gap="100">
                  {(
                    [
                      ["Subtotal", order.totals.subtotal],
                      ["Shipping", order.totals.shipping],
                      ["Tax", order.totals.tax],
                      ...(order.totals.discount ? ([["Marketplace promotions", order.totals.discount]] as const) : []),
                    ] as const
                  ).map(([label, value]) => (
                    <InlineStack key={label} align="space-between">
                      <Text as="span" tone="subdued">
                        {label}
                      </Text>
                      <Text as="span" numeric>
                        {value}
                      </Text>
                    </InlineStack>
                  ))}
                  <InlineStack align="space-between">
                    <Text as="span" fontWeight="semibold">
                      Total
                    </Text>
                    <Text as="span" fontWeight="semibold" numeric>
                      {order.totals.total}
                    </Text>
                  </InlineStack>
                </BlockStack>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Buyer
                </Text>
                <BlockStack gap="050">
                  <Text as="p">{order.buyerName ?? <Missing>No name</Missing>}</Text>
                  {order.buyerEmail ? <Text as="p">{order.buyerEmail}</Text> : null}
                  {order.buyerPhone ? <Text as="p">{order.buyerPhone}</Text> : null}
                </BlockStack>
                <Divider />
                <Text as="h3" variant="headingSm">
                  Shipping address
                </Text>
                <PostalAddress address={order.shippingAddress} />
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/subpage-error-boundary";
