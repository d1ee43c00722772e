/**
 * Tokens API 2021-03-01 (models/tokens-api-model/tokens_2021-03-01.json): createRestrictedDataToken.
 * Gives an RDT (`Atz.sprdt|…`, 3600 emulated seconds) valid only for the listed resources of the caller's
 * seller (method and path; `{orderId}`-style segments match any value). Up to 50 resources
 * (docs/platform-facts.md#amazon-rdt). Restricted operations are Orders v0 paths here; anything else is refused as Amazon does.
 */
import { ACCESS_TOKEN_SECONDS, type RestrictedResource } from "./lwa";
import { apiRoute, type AmazonContext, invalidInput, specIssuesResponse } from "./sp-api";
import { loadSpec, TOKENS_SPEC } from "./spec-validator";

const RESTRICTED_PATH = /^\/orders\/v0\/orders(\/[^/]+(\/(orderItems|address|buyerInfo|orderItems\/buyerInfo))?)?$/;

export function registerTokens(ctx: AmazonContext): void {
  const op = loadSpec(TOKENS_SPEC).operation("createRestrictedDataToken");
  apiRoute(ctx, "POST", "/tokens/2021-03-01/restrictedDataToken", "createRestrictedDataToken", (req, caller) => {
    const v = op.validateRequest({ query: req.query, params: req.params, body: req.body, rawBody: req.rawBody });
    if (v.issues.length) return specIssuesResponse(v.issues);
    if (caller.token.kind === "rdt")
      return invalidInput("A restricted data token cannot be used to create another one.");
    const resources = (v.body as { restrictedResources: RestrictedResource[] }).restrictedResources;
    if (resources.length === 0 || resources.length > 50) {
      return invalidInput("restrictedResources must list between 1 and 50 resources.");
    }
    for (const r of resources) {
      if (!RESTRICTED_PATH.test(r.path)) return invalidInput(`${r.method} ${r.path} is not a restricted operation.`);
    }
    const token = ctx.tokens.issue(caller.seller.sellerId, "rdt", resources);
    return { status: 200, body: { restrictedDataToken: token.token, expiresIn: ACCESS_TOKEN_SECONDS } };
  });
}
