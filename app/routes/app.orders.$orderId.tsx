import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation, useNavigation, useRouteError } from "@remix-run/react";
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
import { boundary } from "@shopify/shopify-app-remix/server";
import { useState, type ReactNode } from "react";
import { getAccount } from "../../db/queries/marketplace-accounts";
import { getOrderWithLines } from "../../db/queries/orders";
import { listShipmentsForOrder } from "../../db/queries/shipments";
import { listTimeline } from "../../db/queries/timeline";
import { requireShop } from "../.server/admin-auth";
import { fulfillmentStatusLabel } from "../.server/domain/fulfillment-status";
import { marketplaceName } from "../.server/domain/marketplace-names";
import { StepError } from "../.server/errors";
import { retryOrder } from "../.server/services/retry-order";
import { DateTime } from "../components/date-time";
import { ErrorPage, isAppBridgeResponse } from "../components/error-page";
import { FulfillmentStatusBadge } from "../components/fulfillment-status-badge";
import { formatMoney } from "../components/money";
import { PostalAddress } from "../components/postal-address";
import { ShipmentExportStatusBadge } from "../components/shipment-export-status-badge";
import { Timeline } from "../components/timeline";
import { useAutoRefresh } from "../components/use-auto-refresh";

function notFound(): Response {
  return new Response("This order does not exist in this shop.", { status: 404, statusText: "Not Found" });
}

function parseOrderId(value: string | undefined): number {
  const n = Number(value);
  if (!value || !/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw notFound();
  return n;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order ${data.order.marketplaceOrderId} · OrderBridge` : "Order · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { db } = context.app;
  const orderId = parseOrderId(params.orderId);
  const order = getOrderWithLines(db, shop.id, orderId);
  if (!order) throw notFound();
  const account = getAccount(db, shop.id, order.accountId);
  const money = (minor: number) => formatMoney(minor, order.currency);

  return json({
    order: {
      id: order.id,
      marketplaceOrderId: order.marketplaceOrderId,
      marketplaceName: marketplaceName(order.marketplace),
      accountName: account?.name ?? null,
      marketplaceStatus: order.marketplaceStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      fulfillmentStatusLabel: fulfillmentStatusLabel(order.fulfillmentStatus),
      failureReason: order.failureReason,
      failedStep: order.failedStep,
      shopOrderName: order.shopOrderName,
      buyerName: order.buyerName,
      buyerEmail: order.buyerEmail,
      buyerPhone: order.buyerPhone,
      shippingAddress: order.shippingAddress,
      shippingServiceLevel: order.shippingServiceLevel,
      purchasedAt: order.purchasedAt,
      totals: {
        subtotal: money(order.subtotalAmount),
        shipping: money(order.shippingAmount),
        tax: money(order.taxAmount),
        total: money(order.totalAmount),
      },
    },
    lines: order.lines.map((l) => ({
      id: l.id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      quantityShipped: l.quantityShipped,
      unitPrice: money(l.unitPriceAmount),
    })),
    shipments: listShipmentsForOrder(db, shop.id, order.id).map((s) => ({
      id: s.id,
      carrierName: s.carrierName,
      trackingNumber: s.trackingNumber,
      shippedAt: s.shippedAt,
      exportStatus: s.exportStatus,
      exportedCarrierCode: s.exportedCarrierCode,
      marketplaceShipmentId: s.marketplaceShipmentId,
      exportedAt: s.exportedAt,
      lastError: s.lastError,
    })),
    timeline: listTimeline(db, shop.id, order.id).map((e) => ({
      id: e.id,
      kind: e.kind,
      level: e.level,
      message: e.message,
      createdAt: e.createdAt,
    })),
  });
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const orderId = parseOrderId(params.orderId);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent !== "retry") {
    return json({ tone: "critical" as const, message: `Unknown action ${JSON.stringify(intent)}` }, { status: 400 });
  }
  try {
    const { enqueued } = retryOrder(context.app, shop.id, orderId);
    return json(
      enqueued
        ? { tone: "success" as const, message: `Retry queued: ${enqueued} step${enqueued === 1 ? "" : "s"} will run again.` }
        : { tone: "info" as const, message: "Nothing was waiting to be retried." },
    );
  } catch (e) {
    if (e instanceof StepError && e.code === "order_missing") throw notFound();
    throw e;
  }
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
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const location = useLocation();
  useAutoRefresh();

  // The list's filters travel in the query string; "Orders" goes back to the same view.
  const backUrl = `/app${location.search}`;
  const retrying = navigation.state !== "idle" && navigation.formData?.get("intent") === "retry";
  const [dismissed, setDismissed] = useState<typeof actionData>(undefined);

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
        {actionData && actionData !== dismissed ? (
          <Layout.Section>
            <Banner tone={actionData.tone} onDismiss={() => setDismissed(actionData)}>
              <Text as="p">{actionData.message}</Text>
            </Banner>
          </Layout.Section>
        ) : null}

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
                columnContentTypes={["text", "text", "numeric", "numeric", "numeric"]}
                headings={["SKU", "Title", "Ordered", "Shipped", "Unit price"]}
                rows={lines.map((l) => [
                  l.sku ?? <Missing key="sku">No SKU</Missing>,
                  l.title,
                  l.quantity,
                  l.quantityShipped,
                  l.unitPrice,
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
                  {order.shippingServiceLevel ? <Field label="Shipping service">{order.shippingServiceLevel}</Field> : null}
                </BlockStack>
                <Divider />
                <BlockStack gap="100">
                  {(
                    [
                      ["Subtotal", order.totals.subtotal],
                      ["Shipping", order.totals.shipping],
                      ["Tax", order.totals.tax],
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

export function ErrorBoundary() {
  const error = useRouteError();
  const location = useLocation();
  if (isAppBridgeResponse(error)) return boundary.error(error);
  return <ErrorPage error={error} backUrl={`/app${location.search}`} />;
}
