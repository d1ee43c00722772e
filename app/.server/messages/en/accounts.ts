/** The admin's words for a marketplace account's page (pause, resume, rename), English. */
export const ACCOUNT_NOT_FOUND = "This account does not exist in this shop.";

/** The expired reason of an account the merchant disconnected (shown as its last error). */
export const DISCONNECTED_REASON =
  "You disconnected this account: its credentials were erased. Its orders stay here; reconnect it to import again.";

export const accountActionText = {
  disconnected: (name: string) =>
    `${name} is disconnected: its credentials are erased and nothing more is imported. Its orders stay; shipments of its orders wait until you reconnect it.`,
  paused: (name: string) =>
    `${name} is paused: no new order is imported until you resume it. Shipments of its orders still go back to the marketplace.`,
  resumed: (name: string) => `${name} is importing again, from where it stopped: orders placed meanwhile are imported.`,
  renamed: (name: string) => `The account is now called ${name}.`,
} as const;
