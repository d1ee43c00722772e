import {
  Badge,
  Box,
  Button,
  Flex,
  Grid,
  H2,
  H3,
  HR,
  Link,
  Message,
  Panel,
  Small,
  Table,
  Text,
  type TableColumn,
} from "@bigcommerce/big-design";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { controlPanelOrderUrl } from "../.server/admin/bigcommerce-links";
import { loadOrderDetail, runOrderAction } from "../.server/admin/order-detail";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { ActionResultMessage } from "../components/bc/action-result-message";
import { MapSkuForm } from "../components/bc/map-sku-form";
import { PostalAddress } from "../components/bc/postal-address";
import { RouteLink } from "../components/bc/route-link";
import { Timeline } from "../components/bc/timeline";
import { badgeVariant } from "../components/bc/tone";
import { DateTime } from "../components/date-time";
import { fulfillmentStatusLook, shipmentExportStatusLook } from "../components/order-looks";
import { useAutoRefresh } from "../components/use-auto-refresh";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Order ${data.order.marketplaceOrderId} · OrderBridge` : "Order · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const data = loadOrderDetail(context.app, store, params.orderId);
  return json({ ...data, controlPanelUrl: controlPanelOrderUrl(context.app, store, data.order.shopOrderId) });
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const { result, status } = await runOrderAction(context.app, store, params.orderId, request);
  return json(result, { status });
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box>
      <Small marginBottom="none">{label}</Small>
      <Text marginBottom="none">{children}</Text>
    </Box>
  );
}

function Missing({ children = "—" }: { children?: string }) {
  return (
    <Text as="span" color="secondary60">
      {children}
    </Text>
  );
}

type LineRow = ReturnType<typeof useLoaderData<typeof loader>>["lines"][number];

const LINE_COLUMNS: TableColumn<LineRow>[] = [
  {
    header: "SKU",
    hash: "sku",
    render: (l) => (l.sku ? l.shopSku ? `${l.sku} → ${l.shopSku}` : l.sku : <Missing>No SKU</Missing>),
  },
  { header: "Title", hash: "title", render: (l) => l.title },
  { header: "Ordered", hash: "quantity", align: "right", render: (l) => l.quantity },
  { header: "Shipped", hash: "quantityShipped", align: "right", render: (l) => l.quantityShipped },
  { header: "Unit price", hash: "unitPrice", align: "right", render: (l) => l.unitPrice },
  { header: "Total", hash: "total", align: "right", render: (l) => l.total },
];

export default function OrderPage() {
  const { order, lines, shipments, timeline, controlPanelUrl } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const location = useLocation();
  useAutoRefresh();

  // The list's filters (and the sandbox's ?store=) travel in the query string; "Orders" goes back to the same view.
  const backUrl = `/bc${location.search}`;
  const busyWith = (intent: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const retrying = busyWith("retry");
  const skus = [...new Set(lines.map((l) => l.sku).filter((s): s is string => !!s))];

  return (
    <>
      <RouteLink to={backUrl}>← Orders</RouteLink>
      <Flex flexDirection="row" alignItems="center" flexGap="0.75rem" marginTop="medium">
        <H2 marginBottom="none">{order.marketplaceOrderId}</H2>
        <Badge
          label={order.fulfillmentStatusLabel}
          variant={badgeVariant(fulfillmentStatusLook(order.fulfillmentStatus).tone)}
        />
      </Flex>
      <Text color="secondary60" marginBottom="large">
        {order.accountName ? `${order.marketplaceName} (${order.accountName})` : order.marketplaceName}
        {" · "}
        {!order.shopOrderName ? (
          "No shop order yet"
        ) : controlPanelUrl ? (
          <Link href={controlPanelUrl} target="_blank" rel="noopener noreferrer" external>
            Shop order {order.shopOrderName}
          </Link>
        ) : (
          `Shop order ${order.shopOrderName}`
        )}
      </Text>

      <ActionResultMessage />

      {order.fulfillmentStatus === "failed" ? (
        <Box marginBottom="medium">
          <Message
            type="error"
            header="This order needs attention"
            messages={[
              { text: order.failureReason ?? "A step failed without a reason." },
              ...(order.failedStep ? [{ text: `Failed step: ${order.failedStep}` }] : []),
            ]}
          />
          <Form method="post">
            <input type="hidden" name="intent" value="retry" />
            <Button type="submit" variant="primary" marginTop="small" isLoading={retrying}>
              Retry
            </Button>
          </Form>
          {order.canMapSku ? <MapSkuForm skus={skus} busy={busyWith("map-sku")} /> : null}
        </Box>
      ) : null}

      <Grid gridColumns={{ mobile: "1fr", desktop: "2fr 1fr" }} gridGap="1.5rem">
        <Box>
          <Panel header="Lines">
            <Table columns={LINE_COLUMNS} items={lines} keyField="id" />
          </Panel>

          <Panel header="Shipments">
            {shipments.length === 0 ? (
              <Text color="secondary60">Nothing shipped from the shop yet.</Text>
            ) : (
              shipments.map((s, i) => {
                const look = shipmentExportStatusLook(s.exportStatus);
                return (
                  <Box key={s.id} marginBottom="medium">
                    {i > 0 ? <HR /> : null}
                    <Flex flexDirection="row" alignItems="center" flexGap="0.5rem" marginBottom="small">
                      <H3 marginBottom="none">Package {i + 1}</H3>
                      <Badge label={look.label} variant={badgeVariant(look.tone)} />
                    </Flex>
                    <Grid gridColumns={{ mobile: "1fr 1fr", desktop: "repeat(4, 1fr)" }} gridGap="1rem">
                      <Field label="Carrier">{s.carrierName ?? <Missing />}</Field>
                      <Field label="Tracking number">{s.trackingNumber ?? <Missing>None yet</Missing>}</Field>
                      <Field label="Shipped">
                        <DateTime value={s.shippedAt} />
                      </Field>
                      <Field label="Sent to marketplace as">{s.exportedCarrierCode ?? <Missing />}</Field>
                    </Grid>
                    {s.exportedAt ? (
                      <Small marginTop="small">
                        Exported <DateTime value={s.exportedAt} />
                        {s.marketplaceShipmentId ? ` · marketplace reference ${s.marketplaceShipmentId}` : ""}
                      </Small>
                    ) : null}
                    {s.lastError ? (
                      <Text color="danger" marginTop="small">
                        Last error: {s.lastError}
                      </Text>
                    ) : null}
                  </Box>
                );
              })
            )}
          </Panel>

          <Panel header="Timeline">
            <Timeline events={timeline} />
          </Panel>
        </Box>

        <Box>
          <Panel header="Summary">
            <Flex flexDirection="column" flexGap="0.75rem">
              <Field label="Purchased">
                <DateTime value={order.purchasedAt} />
              </Field>
              <Field label="Marketplace status">{order.marketplaceStatus}</Field>
              {order.shippingServiceLevel ? <Field label="Shipping service">{order.shippingServiceLevel}</Field> : null}
            </Flex>
            <HR />
            {(
              [
                ["Subtotal", order.totals.subtotal],
                ["Shipping", order.totals.shipping],
                ["Tax", order.totals.tax],
                ...(order.totals.discount ? ([["Marketplace promotions", order.totals.discount]] as const) : []),
              ] as const
            ).map(([label, value]) => (
              <Flex key={label} flexDirection="row" justifyContent="space-between">
                <Text color="secondary60" marginBottom="xxSmall">
                  {label}
                </Text>
                <Text marginBottom="xxSmall">{value}</Text>
              </Flex>
            ))}
            <Flex flexDirection="row" justifyContent="space-between">
              <Text bold marginBottom="none">
                Total
              </Text>
              <Text bold marginBottom="none">
                {order.totals.total}
              </Text>
            </Flex>
          </Panel>

          <Panel header="Buyer">
            <Text marginBottom="none">{order.buyerName ?? <Missing>No name</Missing>}</Text>
            {order.buyerEmail ? <Text marginBottom="none">{order.buyerEmail}</Text> : null}
            {order.buyerPhone ? <Text marginBottom="none">{order.buyerPhone}</Text> : null}
            <HR />
            <H3>Shipping address</H3>
            <PostalAddress address={order.shippingAddress} />
          </Panel>
        </Box>
      </Grid>
    </>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/bc/subpage-error-boundary";
