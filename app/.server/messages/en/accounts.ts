/** The admin's words for a marketplace account's page (pause, resume, rename), English. */
export const ACCOUNT_NOT_FOUND = "This account does not exist in this shop.";

export const accountActionText = {
  paused: (name: string) =>
    `${name} is paused: no new order is imported until you resume it. Shipments of its orders still go back to the marketplace.`,
  resumed: (name: string) => `${name} is importing again, from where it stopped: orders placed meanwhile are imported.`,
  renamed: (name: string) => `The account is now called ${name}.`,
} as const;
