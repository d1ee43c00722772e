import type { AdminMutations, AdminQueries } from "@shopify/admin-api-client";
import { AuthorizationRefusedError, StepError, TransientError } from "#app/.server/errors.ts";
import { SHOPIFY_API_VERSION } from "./api-version";

/** The keys of T without its catch-all index signatures (AdminQueries/AdminMutations take any string otherwise). */
type KnownKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : symbol extends K ? never : K]: T[K];
};

/**
 * A document the codegen has typed: the exact text of a `#graphql` document in the app, as
 * app/types/admin.generated.d.ts augments @shopify/admin-api-client's AdminQueries and AdminMutations with it
 * (`npm run gen:shopify-types`, https://shopify.dev/docs/api/shopify-app-remix/latest/guide-graphql-types). A document
 * that is not there (edited and not regenerated, or rejected by the schema so not generated) is a type error.
 */
export type AdminDocument = KnownKeys<AdminQueries> | KnownKeys<AdminMutations>;
type AdminOperations = AdminQueries & AdminMutations;
export type AdminVariables<D extends AdminDocument> = AdminOperations[D]["variables"];
export type AdminData<D extends AdminDocument> = AdminOperations[D]["return"];
/** Variables may be left out only when the operation declares none that are required. */
type VariablesArg<D extends AdminDocument> =
  Record<string, never> extends AdminVariables<D> ? [variables?: AdminVariables<D>] : [variables: AdminVariables<D>];

export interface AdminGraphqlClientOptions {
  /** https://{shop} against the real API, the emulator's base URL in sandbox/tests. */
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}

interface GraphqlResponse<T = unknown> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: {
    cost?: { requestedQueryCost?: number; throttleStatus?: { currentlyAvailable: number; restoreRate: number } };
  };
}

/** The cheapest authenticated query: asked once after a 401, to tell a passing refusal from a revoked token. */
const AUTHORIZATION_CHECK = `#graphql
  query AuthorizationCheck {
    shop {
      id
    }
  }
`;

/**
 * Transport for the Shopify Admin GraphQL API. Throttling (THROTTLED in a 200, or a 429) and 5xx become
 * TransientError with a wait computed from the cost extension; a GraphQL error or a 403 (a missing scope) is a
 * StepError. A 401 is checked with one cheap query before anything is concluded: refused again, the token is gone
 * (AuthorizationRefusedError: the job parks until the shop authorises the app again); answered, it was a passing
 * refusal (TransientError, retried).
 */
export class AdminGraphqlClient {
  constructor(private readonly opts: AdminGraphqlClientOptions) {}

  async request<D extends AdminDocument>(query: D, ...[variables]: VariablesArg<D>): Promise<AdminData<D>> {
    const res = await this.send(query, variables ?? {});
    if (res.status === 401) throw await this.refusedTokenError();
    if (res.status === 429) {
      const retryAfter = Number(res.headers.get("retry-after") ?? "1");
      throw new TransientError("Shopify rate limit (429)", Math.max(1, retryAfter) * 1000);
    }
    if (res.status >= 500) throw new TransientError(`Shopify answered ${res.status}`);
    if (res.status === 403) {
      throw new StepError(
        "shop_scope",
        "Shopify refused the request (403): the app lacks an access scope; open OrderBridge in the Shopify admin to grant it",
      );
    }
    const text = await res.text();
    let body: GraphqlResponse<AdminData<D>>;
    try {
      body = JSON.parse(text) as GraphqlResponse<AdminData<D>>;
    } catch {
      throw new TransientError(`Shopify answered a malformed body (${res.status})`);
    }
    if (res.status >= 400) {
      throw new StepError("shopify_bad_request", `Shopify rejected the request (${res.status}): ${text.slice(0, 300)}`);
    }
    const throttled = body.errors?.find((e) => e.extensions?.code === "THROTTLED");
    if (throttled) {
      const cost = body.extensions?.cost;
      const need = cost?.requestedQueryCost ?? 50;
      const status = cost?.throttleStatus;
      const waitMs = status
        ? Math.ceil(((need - status.currentlyAvailable) / Math.max(1, status.restoreRate)) * 1000)
        : 1000;
      throw new TransientError("Shopify throttled the request", Math.max(100, waitMs));
    }
    if (body.errors?.length) {
      throw new StepError("shopify_graphql", `Shopify GraphQL error: ${body.errors.map((e) => e.message).join("; ")}`);
    }
    if (!body.data) throw new TransientError("Shopify answered without data");
    return body.data;
  }

  /** The cheapest authenticated query; a refused token ends as AuthorizationRefusedError (see `request`). */
  async verifyAuthorization(): Promise<void> {
    await this.request(AUTHORIZATION_CHECK);
  }

  private async send(query: string, variables: unknown): Promise<Response> {
    const url = `${this.opts.baseUrl.replace(/\/$/, "")}/admin/api/${SHOPIFY_API_VERSION}/graphql.json`;
    try {
      return await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": this.opts.accessToken },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new TransientError(`Shopify did not answer: ${(e as Error).message}`);
    }
  }

  /** After a 401: the same token asks the cheapest query once; only a second 401 means the token is gone. */
  private async refusedTokenError(): Promise<Error> {
    let check: Response;
    try {
      check = await this.send(AUTHORIZATION_CHECK, {});
      await check.body?.cancel();
    } catch (e) {
      return e as Error;
    }
    if (check.status === 401) {
      return new AuthorizationRefusedError(
        { kind: "shop" },
        "Shopify refused the app's access token twice; open OrderBridge in the Shopify admin to authorise it again",
      );
    }
    return new TransientError(`Shopify refused the app's access token once, then answered ${check.status}; retrying`);
  }
}
