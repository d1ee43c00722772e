export * from "./shops";
export * from "./shopify-sessions";
export * from "./marketplace-accounts";
export * from "./orders";
export * from "./shipments";
export * from "./timeline-events";
export * from "./jobs";
export * from "./webhook-deliveries";
