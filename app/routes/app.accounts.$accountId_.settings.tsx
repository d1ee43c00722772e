import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import {
  BlockStack,
  Button,
  Card,
  Checkbox,
  ChoiceList,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { loadAccountSettings, runAccountSettingsAction } from "../.server/admin/account-settings";
import { requireShop } from "../.server/admin-auth";
import { ActionResultBanner } from "../components/action-result-banner";
import { useAccountSettings, type SettingsValues } from "../components/use-account-settings";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.labels.title} · ${data.account.name} · OrderBridge` : "Settings · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const shop = await requireShop(request, context);
  return json(loadAccountSettings(context.app, shop, params.accountId));
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const shop = await requireShop(request, context);
  const { result, status } = await runAccountSettingsAction(context.app, shop, params.accountId, request);
  return json(result, { status });
};

const optionsOf = (options: Record<string, string>) =>
  Object.entries(options).map(([value, label]) => ({ value, label }));

/** One account's import settings (Polaris): sync, products and stock, customer data, the shop order. */
export default function AccountSettingsPage() {
  const page = useAccountSettings();
  const { account, labels, values, set, errorOf, syncMinutes } = page;
  const text = (name: keyof SettingsValues, label: string, help?: string, type?: "email" | "number") => (
    <TextField
      label={label}
      value={values[name]}
      onChange={set(name)}
      error={errorOf(name)}
      helpText={help}
      type={type}
      autoComplete="off"
      {...(type === "number" ? { min: syncMinutes.min, max: syncMinutes.max } : {})}
    />
  );
  const select = (name: keyof SettingsValues, spec: { label: string; options: Record<string, string> }) => (
    <Select
      label={spec.label}
      options={optionsOf(spec.options)}
      value={values[name]}
      onChange={set(name)}
      error={errorOf(name)}
    />
  );
  const check = (name: keyof SettingsValues, label: string, help?: string) => (
    <Checkbox
      label={label}
      checked={values[name] === "true"}
      onChange={set(name)}
      error={errorOf(name)}
      helpText={help}
    />
  );

  return (
    <Page
      title={labels.title}
      subtitle={`${account.marketplaceName} · ${account.name}`}
      backAction={{ content: account.name, url: `/app/accounts/${account.id}${page.search}` }}
    >
      <Form method="post">
        {Object.entries(values).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Layout>
          <ActionResultBanner />
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {labels.sections.sync}
                </Text>
                {check("syncEnabled", labels.syncEnabled)}
                {text("syncMinutes", labels.syncMinutes, labels.syncMinutesHelp, "number")}
                {page.settings.marketplaces ? (
                  <ChoiceList
                    allowMultiple
                    title={labels.marketplaceIds}
                    choices={page.settings.marketplaces.options.map((o) => ({
                      value: o.id,
                      label: o.name,
                      disabled: !o.participating,
                      helpText: o.participating ? undefined : labels.marketplaceIdsHelp,
                    }))}
                    selected={values.marketplaceIds.split(",").filter(Boolean)}
                    onChange={(selected) => set("marketplaceIds")(selected.join(","))}
                    error={errorOf("marketplaceIds")}
                  />
                ) : null}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {labels.sections.products}
                </Text>
                {select("unmatchedProducts", labels.unmatchedProducts)}
                {select("stock", labels.stock)}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {labels.sections.customer}
                </Text>
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
                {check("sendShopConfirmation", labels.sendShopConfirmation, labels.sendShopConfirmationHelp)}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  {labels.sections.shopOrder}
                </Text>
                {text("tags", labels.tags, labels.tagsHelp)}
                {text("orderNamePrefix", labels.orderNamePrefix, labels.orderNamePrefixHelp)}
                {text("sourceLabel", labels.sourceLabel, labels.sourceLabelHelp)}
                {check("orderIdInNote", labels.orderIdInNote)}
                {check("orderIdAsAttribute", labels.orderIdAsAttribute, labels.orderIdAsAttributeHelp)}
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Button submit variant="primary" loading={page.busy} disabled={!page.changed}>
              {labels.save}
            </Button>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/subpage-error-boundary";
