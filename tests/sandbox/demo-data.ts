/** The sandbox's demo catalogue and buyers (also used by the bench and integration tests). */
export const DEMO_SHOP_DOMAIN = "orderbridge-demo.myshopify.com";

export const DEMO_PRODUCTS = [
  { title: "Trail Running Shoe", sku: "SHOE-TRAIL-42", price: "89.00" },
  { title: "Merino Wool Socks (3-pack)", sku: "SOCK-MERINO-3", price: "24.50" },
  { title: "Insulated Water Bottle 750ml", sku: "BOTTLE-750-STEEL", price: "32.00" },
  { title: "Headlamp 400 lumen", sku: "LAMP-HEAD-400", price: "45.99" },
  { title: "Packable Rain Jacket", sku: "JACKET-RAIN-M", price: "129.00" },
  { title: "Trekking Poles (pair)", sku: "POLES-TREK-CARBON", price: "74.90" },
] as const;

export const DEMO_AMAZON_SELLER = {
  sellerId: "A2DEMOSELLER01",
  clientId: "amzn1.application-oa2-client.orderbridgedemo",
  clientSecret: "amzn1.oa2-cs.v1.demo-secret",
  refreshToken: "Atzr|orderbridge-demo-refresh-token",
  marketplaceIds: ["ATVPDKIKX0DER"],
};

/**
 * The seller the sandbox's "Connect Amazon" signs in as: in no shop until the merchant connects it, selling in
 * North America and Europe (so both regions can be connected).
 */
export const DEMO_AMAZON_CONNECT_SELLER = {
  sellerId: "A2DEMOCONNECT01",
  clientId: "amzn1.application-oa2-client.orderbridgedemo",
  clientSecret: "amzn1.oa2-cs.v1.demo-secret",
  refreshToken: "Atzr|orderbridge-demo-connect-seeded",
  storeName: "OrderBridge Demo Store",
  marketplaceIds: ["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2", "A1F83G8C2ARO7P", "A1PA6795UKMFR9"],
};

export const DEMO_BUYERS = [
  {
    name: "Jane Doe",
    line1: "123 Any Street",
    city: "Seattle",
    region: "WA",
    postalCode: "98101",
    email: "jane@example.com",
  },
  {
    name: "Carlos Ruiz",
    line1: "77 Mission St",
    city: "San Francisco",
    region: "CA",
    postalCode: "94105",
    email: "carlos@example.com",
  },
  {
    name: "Aisha Khan",
    line1: "5 Elm Court",
    city: "Austin",
    region: "TX",
    postalCode: "78701",
    email: "aisha@example.com",
  },
  {
    name: "Tom Becker",
    line1: "900 Lake Shore Dr",
    city: "Chicago",
    region: "IL",
    postalCode: "60611",
    email: "tom@example.com",
  },
] as const;

/** A valid UPS 1Z tracking number (digits only after 1Z, so the check digit is the plain mod-10 rule). */
export function upsTrackingNumber(seed: number): string {
  const body = `${String(seed % 1_000_000).padStart(6, "0")}03${String((seed * 7919) % 10_000_000).padStart(7, "0")}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (i % 2 === 1 ? 2 : 1);
  return `1Z${body}${(10 - (sum % 10)) % 10}`;
}

/** The demo BigCommerce store (its store hash is the shop's domain in our database). */
export const DEMO_BC_STORE = { storeHash: "obdemo01", name: "OrderBridge Demo Outfitters (BigCommerce)" };

export const DEMO_EBAY_SELLER = {
  username: "orderbridge_demo",
  userId: "obdemo0001",
  refreshToken: "v^1.1#i^1#p^3#r^1#t^orderbridge-demo-refresh",
  marketplaceId: "EBAY_US",
};

export const DEMO_ETSY_SHOP = {
  shopId: 41_000_001,
  userId: 91_000_001,
  refreshToken: "91000001.orderbridge-demo-refresh",
  shopName: "OrderBridgeDemoShop",
};
