import { Box, Button, Checkbox, Flex, H2, Input, Panel, Select, Text } from "@bigcommerce/big-design";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { loadAccountSettings, runAccountSettingsAction } from "../.server/admin/account-settings";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { ActionResultMessage } from "../components/bc/action-result-message";
import { RouteLink } from "../components/bc/route-link";
import { useAccountSettings, type SettingsValues } from "../components/use-account-settings";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.labels.title} · ${data.account.name} · OrderBridge` : "Settings · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  return json(loadAccountSettings(context.app, store, params.accountId));
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const { result, status } = await runAccountSettingsAction(context.app, store, params.accountId, request);
  return json(result, { status });
};

/**
 * One account's import settings (BigDesign). The Shopify-only rules (tags, order name, the order id as an
 * attribute, the shop's own confirmation email) are not shown: BigCommerce orders have no place for them.
 */
export default function AccountSettingsPage() {
  const page = useAccountSettings();
  const { account, labels, values, set, errorOf, syncMinutes } = page;
  const text = (name: keyof SettingsValues, label: string, help?: string, type?: "email" | "number") => (
    <Input
      label={label}
      value={values[name]}
      onChange={(e) => set(name)(e.target.value)}
      error={errorOf(name)}
      description={help}
      type={type}
      autoComplete="off"
      {...(type === "number" ? { min: syncMinutes.min, max: syncMinutes.max } : {})}
    />
  );
  const select = (name: keyof SettingsValues, spec: { label: string; options: Record<string, string> }) => (
    <Select
      label={spec.label}
      options={Object.entries(spec.options).map(([value, content]) => ({ value, content }))}
      value={values[name]}
      onOptionChange={(v) => set(name)(v ?? values[name])}
      error={errorOf(name)}
    />
  );
  const check = (name: keyof SettingsValues, label: string) => (
    <Checkbox label={label} checked={values[name] === "true"} onChange={(e) => set(name)(e.target.checked)} />
  );

  return (
    <>
      <RouteLink to={`/bc/accounts/${account.id}${page.search}`}>← {account.name}</RouteLink>
      <H2 marginTop="small">
        {labels.title} · {account.marketplaceName} · {account.name}
      </H2>
      <ActionResultMessage />
      <Form method="post">
        {Object.entries(values).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Panel header={labels.sections.sync} marginTop="medium">
          <Flex flexDirection="column" flexGap="1rem">
            {check("syncEnabled", labels.syncEnabled)}
            {text("syncMinutes", labels.syncMinutes, labels.syncMinutesHelp, "number")}
            {page.settings.marketplaces ? (
              <Box>
                <Text bold>{labels.marketplaceIds}</Text>
                {page.settings.marketplaces.options.map((o) => {
                  const chosen = values.marketplaceIds.split(",").filter(Boolean);
                  return (
                    <Checkbox
                      key={o.id}
                      label={o.name}
                      disabled={!o.participating}
                      checked={chosen.includes(o.id)}
                      onChange={(e) =>
                        set("marketplaceIds")(
                          (e.target.checked ? [...chosen, o.id] : chosen.filter((id) => id !== o.id)).join(","),
                        )
                      }
                    />
                  );
                })}
                {errorOf("marketplaceIds") ? <Text color="danger">{errorOf("marketplaceIds")}</Text> : null}
              </Box>
            ) : null}
          </Flex>
        </Panel>
        <Panel header={labels.sections.products}>
          <Flex flexDirection="column" flexGap="1rem">
            {select("unmatchedProducts", labels.unmatchedProducts)}
            {select("stock", labels.stock)}
          </Flex>
        </Panel>
        <Panel header={labels.sections.customer}>
          <Flex flexDirection="column" flexGap="1rem">
            {select("contact", labels.contact)}
            {values.contact === "merchant" ? (
              <>
                {text("merchantName", labels.merchantName)}
                {text("merchantEmail", labels.merchantEmail, undefined, "email")}
                {text("merchantPhone", labels.merchantPhone)}
              </>
            ) : (
              <>
                {select("email", labels.email)}
                {values.email === "fixed" ? text("fixedEmail", labels.fixedEmail, undefined, "email") : null}
                {values.email === "alias" ? text("aliasDomain", labels.aliasDomain) : null}
              </>
            )}
          </Flex>
        </Panel>
        <Panel header={labels.sections.shopOrder}>
          <Flex flexDirection="column" flexGap="1rem">
            {text("sourceLabel", labels.sourceLabel, labels.sourceLabelHelp)}
            {check("orderIdInNote", labels.orderIdInNote)}
          </Flex>
        </Panel>
        <Box marginBottom="xLarge">
          <Button type="submit" isLoading={page.busy} disabled={!page.changed}>
            {labels.save}
          </Button>
        </Box>
      </Form>
    </>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/bc/subpage-error-boundary";
