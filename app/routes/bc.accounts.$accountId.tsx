import { Badge, Box, Button, Flex, H2, Input, Panel, Text } from "@bigcommerce/big-design";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { loadAccountDetail, runAccountAction } from "../.server/admin/account-detail";
import { requireBigCommerceStore } from "../.server/bigcommerce-session";
import { ActionResultMessage } from "../components/bc/action-result-message";
import { RouteLink } from "../components/bc/route-link";
import { badgeVariant } from "../components/bc/tone";
import { DateTime } from "../components/date-time";
import { useAccountPage } from "../components/use-account-page";
import { ConnectButton } from "../components/bc/marketplace-accounts-panel";
import { isConnectable, reconnectLabel } from "../components/use-marketplace-connect";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.account.name} · OrderBridge` : "Account · OrderBridge" },
];

export const loader = async ({ request, context, params }: LoaderFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  return json(loadAccountDetail(context.app, store, params.accountId));
};

export const action = async ({ request, context, params }: ActionFunctionArgs) => {
  const store = await requireBigCommerceStore(request, context);
  const { result, status } = await runAccountAction(context.app, store, params.accountId, request);
  return json(result, { status });
};

/** One marketplace account (BigDesign): its status, last sync and error; pause, resume, rename. */
export default function AccountPage() {
  const { account, maxNameLength, name, setName, search, status, busy, nameError, canSaveName } = useAccountPage();

  return (
    <>
      <RouteLink to={`/bc${search}`}>← Orders</RouteLink>
      <Flex flexDirection="row" alignItems="center" flexGap="0.75rem" marginTop="small">
        <H2 marginBottom="none">
          {account.marketplaceName} · {account.name}
        </H2>
        <Badge label={status.label} variant={badgeVariant(status.tone)} />
        <RouteLink to={`/bc/accounts/${account.id}/settings${search}`}>Import settings</RouteLink>
      </Flex>
      {nameError ? null : <ActionResultMessage />}
      <Panel header="Import" marginTop="medium">
        <Text>
          Last successful sync: {account.lastSyncedAt ? <DateTime value={account.lastSyncedAt} /> : "not yet"}
        </Text>
        {account.lastError ? (
          <Text color="danger" style={{ overflowWrap: "anywhere" }}>
            Last error: {account.lastError}
          </Text>
        ) : null}
        <Text color="secondary60">
          Connected <DateTime value={account.connectedAt} />
        </Text>
        {account.expired ? null : (
          <Form method="post">
            <input type="hidden" name="intent" value={account.enabled ? "pause" : "resume"} />
            <Button type="submit" variant="secondary" isLoading={busy()}>
              {account.enabled ? "Pause import" : "Resume import"}
            </Button>
          </Form>
        )}
      </Panel>
      <Panel header="Connection">
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
            <Text color="secondary60">
              Disconnecting erases this account&apos;s credentials and stops its import. Its orders stay here, and
              reconnecting the same seller resumes where it stopped.
            </Text>
            <Button type="submit" actionType="destructive" variant="secondary" isLoading={busy("disconnect")}>
              Disconnect
            </Button>
          </Form>
        )}
      </Panel>
      <Panel header="Name">
        <Form method="post">
          <input type="hidden" name="intent" value="rename" />
          <Flex flexDirection="row" alignItems="flex-end" flexGap="0.75rem">
            <Box style={{ minWidth: 0, flex: "1 1 16rem" }}>
              <Input
                label="Account name"
                name="name"
                value={name}
                maxLength={maxNameLength}
                onChange={(e) => setName(e.target.value)}
                error={nameError}
                autoComplete="off"
              />
            </Box>
            <Button type="submit" disabled={!canSaveName || busy()}>
              Save name
            </Button>
          </Flex>
        </Form>
      </Panel>
    </>
  );
}

export { SubpageErrorBoundary as ErrorBoundary } from "../components/bc/subpage-error-boundary";
