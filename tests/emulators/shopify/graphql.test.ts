import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_VERSION } from "./schema";
import { ORDER_CREATE, startEmulator, type Started } from "./test-helpers";

let t: Started;
let variants: { id: string; sku: string | null }[];

beforeAll(async () => {
  t = await startEmulator();
  const p = t.emu.addProduct(t.domain, {
    title: "Trail Shirt",
    variants: [
      { sku: "ABC", price: "19.99", inventoryQuantity: 10 },
      { sku: "DEF", price: "5.00", inventoryQuantity: 1 },
      { sku: "GHI", price: "7.50", inventoryQuantity: 0 },
    ],
  });
  variants = p.variants;
});
afterAll(() => t.emu.close());

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "USD" } });

describe("HTTP edge", () => {
  it("answers 401 with Shopify's body for an unknown token", async () => {
    const r = await t.gql("{ shop { id } }", {}, "shpat_nope");
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  });

  it("answers 400 when the body is not JSON or has no query", async () => {
    const url = `${t.base}/admin/api/${API_VERSION}/graphql.json`;
    const headers = { "content-type": "application/json", "x-shopify-access-token": t.token };
    for (const body of [
      "{not json",
      JSON.stringify({ variables: {} }),
      JSON.stringify({ query: "" }),
      JSON.stringify({ query: "{ shop { id } }", variables: [1] }),
    ]) {
      const res = await fetch(url, { method: "POST", headers, body });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
    }
  });

  it("accepts application/graphql bodies", async () => {
    const res = await fetch(`${t.base}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/graphql", "x-shopify-access-token": t.token },
      body: "{ shop { myshopifyDomain } }",
    });
    expect(await res.json()).toMatchObject({ data: { shop: { myshopifyDomain: "test-shop.myshopify.com" } } });
  });
});

describe(`document validation against the ${API_VERSION} schema`, () => {
  it("rejects an unknown field like Shopify (HTTP 200, undefinedField)", async () => {
    const r = await t.gql("{ shop { id nope } }");
    expect(r.status).toBe(200);
    expect(r.body.data).toBeUndefined();
    expect(r.body.errors).toEqual([
      {
        message: "Field 'nope' doesn't exist on type 'Shop'",
        locations: [{ line: 1, column: 13 }],
        extensions: { code: "undefinedField", typeName: "Shop", fieldName: "nope" },
      },
    ]);
  });

  it("rejects a variable declared with the wrong type", async () => {
    const r = await t.gql("query q($id: String!) { order(id: $id) { id } }", { id: "gid://shopify/Order/1" });
    expect(r.status).toBe(200);
    expect(r.body.errors[0]).toMatchObject({
      message: "Type mismatch on variable $id and argument id (String! / ID!)",
      extensions: { code: "variableMismatch", variableName: "id", argumentName: "id" },
    });
  });

  it("rejects a variable value that does not coerce, naming the path", async () => {
    const r = await t.gql(ORDER_CREATE, { order: { lineItems: [{ variantId: variants[0].id, quantity: "two" }] } });
    expect(r.status).toBe(200);
    expect(r.body.errors[0].message).toBe(
      'Variable $order of type OrderCreateOrderInput! was provided invalid value for lineItems.0.quantity (Could not coerce value "two" to Int)',
    );
    expect(r.body.errors[0].extensions).toMatchObject({
      code: "INVALID_VARIABLE",
      problems: [{ path: ["lineItems", 0, "quantity"] }],
    });
  });

  it("rejects the American spelling inventoryBehavior (field not defined on the input)", async () => {
    const r = await t.gql(ORDER_CREATE, {
      order: { lineItems: [{ variantId: variants[0].id, quantity: 1 }] },
      options: { inventoryBehavior: "BYPASS" },
    });
    expect(r.body.errors[0].message).toContain(
      "for inventoryBehavior (Field is not defined on OrderCreateOptionsInput)",
    );
  });

  it("rejects malformed custom scalars and missing required arguments", async () => {
    const bad = await t.gql(ORDER_CREATE, {
      order: { processedAt: "yesterday", lineItems: [{ variantId: variants[0].id, quantity: 1 }] },
    });
    expect(bad.body.errors[0].message).toContain('processedAt (Could not coerce value "yesterday" to DateTime)');
    const missing = await t.gql("{ order { id } }");
    expect(missing.body.errors[0]).toMatchObject({
      message: "Field 'order' is missing required arguments: id",
      extensions: { code: "missingRequiredArguments" },
    });
  });

  it("rejects invalid literal arguments (argumentLiteralsIncompatible)", async () => {
    const r = await t.gql(`{ orders(first: "ten") { nodes { id } } }`);
    expect(r.body.errors[0]).toMatchObject({
      message: `Argument 'first' on Field 'orders' has an invalid value ("ten"). Expected type 'Int'.`,
      extensions: { code: "argumentLiteralsIncompatible", argumentName: "first" },
    });
    const unknownKey = await t.gql(
      `mutation { orderCreate(order: { lineItems: [{ quantity: 1, titl: "x" }] }) { userErrors { message } } }`,
    );
    expect(unknownKey.body.errors[0].extensions).toMatchObject({
      code: "argumentLiteralsIncompatible",
      argumentName: "order",
    });
  });

  it("reports syntax errors with their location", async () => {
    const r = await t.gql("{ shop { id }} }");
    expect(r.status).toBe(200);
    expect(r.body.errors[0]).toMatchObject({
      message: 'Parse error on "}" (RCURLY) at [1, 16]',
      locations: [{ line: 1, column: 16 }],
    });
  });

  it("answers an explicit error for root fields the emulator does not implement", async () => {
    const r = await t.gql("{ customers(first: 1) { nodes { id } } }");
    expect(r.body.errors[0]).toMatchObject({
      message: "The Shopify emulator does not implement QueryRoot.customers",
      path: ["customers"],
      extensions: { code: "NOT_IMPLEMENTED_BY_EMULATOR" },
    });
  });

  it("requires first or last on connections", async () => {
    const r = await t.gql("{ orders { nodes { id } } }");
    expect(r.body.errors[0].message).toBe("you must provide one of first or last");
  });
});

describe("queries", () => {
  it("shop and locations", async () => {
    const r = await t.gql(
      "{ shop { id name myshopifyDomain currencyCode } locations(first: 5) { nodes { id name isActive } } }",
    );
    expect(r.body.data.shop).toMatchObject({
      name: "Test Shop",
      myshopifyDomain: "test-shop.myshopify.com",
      currencyCode: "USD",
    });
    expect(r.body.data.shop.id).toMatch(/^gid:\/\/shopify\/Shop\/\d+$/);
    expect(r.body.data.locations.nodes).toHaveLength(1);
    expect(r.body.data.locations.nodes[0].id).toMatch(/^gid:\/\/shopify\/Location\/\d+$/);
  });

  it("productVariants by SKU matches tokens by prefix, as Shopify's search does, not only the exact SKU", async () => {
    t.emu.addProduct(t.domain, {
      title: "Mugs",
      variants: [
        { sku: "MUG-1", price: "9.00" },
        { sku: "MUG-10", price: "9.00" },
        { sku: "BIG-MUG", price: "12.00" },
        { sku: "MUGGY", price: "1.00" },
        { sku: "SMUG-1", price: "1.00" },
      ],
    });
    const skus = async (q: string) =>
      (
        await t.gql(`query v($q: String!) { productVariants(first: 20, query: $q) { nodes { sku } } }`, { q })
      ).body.data.productVariants.nodes
        .map((n: { sku: string }) => n.sku)
        .sort();
    expect(await skus("sku:MUG-1")).toEqual(["MUG-1", "MUG-10"]);
    expect(await skus("sku:mug")).toEqual(["BIG-MUG", "MUG-1", "MUG-10", "MUGGY"]);
    expect(await skus("sku:BIG-MUG")).toEqual(["BIG-MUG"]);
    expect(await skus("sku:MUG-1*")).toEqual(["MUG-1", "MUG-10"]);
  });

  it("productVariants by SKU with OR", async () => {
    const r = await t.gql(
      `query v($q: String!) { productVariants(first: 10, query: $q) { nodes { id sku title price inventoryQuantity product { id title } inventoryItem { id } } } }`,
      { q: "sku:ABC OR sku:DEF OR sku:NOPE" },
    );
    const nodes = r.body.data.productVariants.nodes;
    expect(nodes.map((n: { sku: string }) => n.sku).sort()).toEqual(["ABC", "DEF"]);
    expect(nodes.find((n: { sku: string }) => n.sku === "ABC")).toMatchObject({
      id: variants[0].id,
      price: "19.99",
      inventoryQuantity: 10,
      product: { title: "Trail Shirt" },
    });
    expect(nodes[0].inventoryItem.id).toMatch(/^gid:\/\/shopify\/InventoryItem\/\d+$/);
  });

  it("reports unknown search fields as warnings in extensions.search", async () => {
    const r = await t.gql(`{ productVariants(first: 5, query: "colour:red") { nodes { id } } }`);
    expect(r.body.extensions.search).toEqual([
      {
        path: ["productVariants"],
        query: "colour:red",
        warnings: [{ field: "colour", message: "Invalid search field for this query." }],
      },
    ]);
  });
});

describe("orderCreate and order lookup", () => {
  let created: any;

  it("creates an order from variant and custom lines", async () => {
    const r = await t.gql(ORDER_CREATE, {
      order: {
        currency: "USD",
        sourceName: "OrderBridge Amazon",
        sourceIdentifier: "amazon:111-222",
        tags: ["amazon", "orderbridge"],
        email: "buyer@example.com",
        financialStatus: "PAID",
        shippingAddress: {
          firstName: "Ada",
          lastName: "Lovelace",
          address1: "1 Loop",
          city: "Austin",
          countryCode: "US",
          zip: "73301",
        },
        lineItems: [
          { variantId: variants[0].id, quantity: 2, priceSet: money("18.00") },
          { title: "Gift wrap", quantity: 1, priceSet: money("2.50"), sku: "WRAP" },
        ],
        shippingLines: [{ title: "Standard", priceSet: money("4.99") }],
        taxLines: [{ title: "Sales tax", rate: "0.08", priceSet: money("3.08") }],
        customAttributes: [{ key: "Amazon order", value: "111-222" }],
      },
      options: { inventoryBehaviour: "DECREMENT_IGNORING_POLICY" },
    });
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.orderCreate.userErrors).toEqual([]);
    created = r.body.data.orderCreate.order;
    expect(created).toMatchObject({
      name: "#1001",
      sourceName: "OrderBridge Amazon",
      sourceIdentifier: "amazon:111-222",
      tags: ["amazon", "orderbridge"],
      displayFulfillmentStatus: "UNFULFILLED",
      subtotalPriceSet: { shopMoney: { amount: "38.5", currencyCode: "USD" } },
      totalShippingPriceSet: { shopMoney: { amount: "4.99", currencyCode: "USD" } },
      totalTaxSet: { shopMoney: { amount: "3.08", currencyCode: "USD" } },
      totalPriceSet: { shopMoney: { amount: "46.57", currencyCode: "USD" } },
      shippingAddress: { firstName: "Ada", countryCodeV2: "US" },
    });
    expect(created.legacyResourceId).toMatch(/^\d+$/);
    expect(created.lineItems.nodes).toMatchObject([
      {
        sku: "ABC",
        title: "Trail Shirt",
        quantity: 2,
        variant: { id: variants[0].id },
        originalUnitPriceSet: { shopMoney: { amount: "18.0" } },
      },
      { sku: "WRAP", title: "Gift wrap", quantity: 1, variant: null },
    ]);
    expect(created.fulfillmentOrders.nodes).toHaveLength(1);
    expect(created.fulfillmentOrders.nodes[0]).toMatchObject({ status: "OPEN" });
    expect(created.fulfillmentOrders.nodes[0].lineItems.nodes.map((l: any) => l.remainingQuantity)).toEqual([2, 1]);
    // DECREMENT_IGNORING_POLICY took the stock.
    const v = await t.gql(`{ productVariants(first: 1, query: "sku:ABC") { nodes { inventoryQuantity } } }`);
    expect(v.body.data.productVariants.nodes[0].inventoryQuantity).toBe(8);
  });

  it("finds the order by source_identifier, tag and name, and by id", async () => {
    const q = `query o($q: String!) { orders(first: 5, query: $q) { nodes { id name sourceIdentifier } } }`;
    for (const query of ['source_identifier:"amazon:111-222"', "tag:orderbridge", "name:#1001", "name:1001"]) {
      const r = await t.gql(q, { q: query });
      expect(r.body.data.orders.nodes, query).toEqual([
        { id: created.id, name: "#1001", sourceIdentifier: "amazon:111-222" },
      ]);
    }
    const none = await t.gql(q, { q: 'source_identifier:"amazon:999"' });
    expect(none.body.data.orders.nodes).toEqual([]);
    const one = await t.gql(`query o($id: ID!) { order(id: $id) { id name email customAttributes { key value } } }`, {
      id: created.id,
    });
    expect(one.body.data.order).toEqual({
      id: created.id,
      name: "#1001",
      email: "buyer@example.com",
      customAttributes: [{ key: "Amazon order", value: "111-222" }],
    });
  });

  it("answers userErrors for an unknown variant and stores nothing", async () => {
    const before = t.emu.listOrders(t.domain).length;
    const r = await t.gql(ORDER_CREATE, {
      order: { lineItems: [{ variantId: "gid://shopify/ProductVariant/42", quantity: 1 }] },
    });
    expect(r.body.data.orderCreate.order).toBeNull();
    expect(r.body.data.orderCreate.userErrors).toEqual([
      {
        field: ["order", "lineItems", "0", "variantId"],
        message: "The variant with id gid://shopify/ProductVariant/42 does not exist",
        code: "INVALID",
      },
    ]);
    expect(t.emu.listOrders(t.domain)).toHaveLength(before);
  });

  it("DECREMENT_OBEYING_POLICY refuses to oversell", async () => {
    const r = await t.gql(ORDER_CREATE, {
      order: { lineItems: [{ variantId: variants[1].id, quantity: 2 }] },
      options: { inventoryBehaviour: "DECREMENT_OBEYING_POLICY" },
    });
    expect(r.body.data.orderCreate.userErrors[0]).toMatchObject({ code: "INVENTORY_CLAIM_FAILED" });
  });

  it("fulfillmentCreate with selected lines, then everything that remains, then tracking update", async () => {
    const fo = created.fulfillmentOrders.nodes[0];
    const FULFILL = `mutation f($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
      fulfillment { id name status trackingInfo { company number url } fulfillmentLineItems(first: 10) { nodes { quantity lineItem { id sku } } } }
      userErrors { field message } } }`;
    const first = await t.gql(FULFILL, {
      f: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0].id, quantity: 1 }] },
        ],
        trackingInfo: { company: "UPS", number: "1Z999AA10123456784" },
      },
    });
    expect(first.body.data.fulfillmentCreate.userErrors).toEqual([]);
    expect(first.body.data.fulfillmentCreate.fulfillment).toMatchObject({
      name: "#1001.1",
      status: "SUCCESS",
      trackingInfo: [{ company: "UPS", number: "1Z999AA10123456784" }],
      fulfillmentLineItems: { nodes: [{ quantity: 1, lineItem: { sku: "ABC" } }] },
    });
    const tooMany = await t.gql(FULFILL, {
      f: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: [{ id: fo.lineItems.nodes[0].id, quantity: 5 }] },
        ],
      },
    });
    expect(tooMany.body.data.fulfillmentCreate.userErrors[0].message).toBe(
      "Invalid fulfillment order line item quantity requested.",
    );

    const state = await t.gql(
      `query o($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillmentOrders(first: 5) { nodes { status lineItems(first: 5) { nodes { remainingQuantity } } } } } }`,
      { id: created.id },
    );
    expect(state.body.data.order.displayFulfillmentStatus).toBe("PARTIALLY_FULFILLED");
    expect(state.body.data.order.fulfillmentOrders.nodes[0]).toEqual({
      status: "IN_PROGRESS",
      lineItems: { nodes: [{ remainingQuantity: 1 }, { remainingQuantity: 1 }] },
    });

    const rest = await t.gql(FULFILL, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } });
    expect(rest.body.data.fulfillmentCreate.fulfillment.name).toBe("#1001.2");
    expect(rest.body.data.fulfillmentCreate.fulfillment.fulfillmentLineItems.nodes.map((n: any) => n.quantity)).toEqual(
      [1, 1],
    );

    const closed = await t.gql(FULFILL, { f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id }] } });
    expect(closed.body.data.fulfillmentCreate.userErrors[0].message).toBe(
      `Fulfillment order ${fo.id} has an unfulfillable status= closed.`,
    );

    const upd = await t.gql(
      `mutation u($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t, notifyCustomer: false) {
        fulfillment { id trackingInfo { company number } } userErrors { field message } } }`,
      { id: rest.body.data.fulfillmentCreate.fulfillment.id, t: { company: "FedEx", number: "123456789012" } },
    );
    expect(upd.body.data.fulfillmentTrackingInfoUpdate).toMatchObject({
      fulfillment: { trackingInfo: [{ company: "FedEx", number: "123456789012" }] },
      userErrors: [],
    });

    const after = await t.gql(
      `query o($id: ID!) { order(id: $id) { displayFulfillmentStatus fulfillments { name status } } }`,
      { id: created.id },
    );
    expect(after.body.data.order).toEqual({
      displayFulfillmentStatus: "FULFILLED",
      fulfillments: [
        { name: "#1001.1", status: "SUCCESS" },
        { name: "#1001.2", status: "SUCCESS" },
      ],
    });
  });

  it("keeps shops apart: another shop's token sees none of these orders", async () => {
    const other = t.emu.createShop({ domain: "other-shop" });
    const r = await t.gql("{ orders(first: 5) { nodes { id } } shop { myshopifyDomain } }", {}, other.accessToken);
    expect(r.body.data).toEqual({ orders: { nodes: [] }, shop: { myshopifyDomain: "other-shop.myshopify.com" } });
  });

  it("denies fields the shop's granted scopes do not cover", async () => {
    const limited = t.emu.createShop({ domain: "limited-shop", scopes: ["read_products"] });
    const r = await t.gql("{ orders(first: 1) { nodes { id } } }", {}, limited.accessToken);
    expect(r.body.errors[0]).toMatchObject({
      message:
        "Access denied for orders field. Required access: `read_orders` access scope, or `read_marketplace_orders` access scope.",
      extensions: { code: "ACCESS_DENIED" },
    });
  });
});
