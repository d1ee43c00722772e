/** The environment that points the app's eBay connector and connect at an eBay emulator, with an eBay app's keys. */
export function ebayAppEnv(
  emulatorUrl: string,
  app: { clientId: string; clientSecret: string; ruName: string },
): Record<string, string> {
  return {
    EBAY_API_BASE_URL: emulatorUrl,
    EBAY_AUTH_BASE_URL: emulatorUrl,
    EBAY_CONSENT_URL: `${emulatorUrl}/oauth2/authorize`,
    EBAY_CLIENT_ID: app.clientId,
    EBAY_CLIENT_SECRET: app.clientSecret,
    EBAY_RU_NAME: app.ruName,
  };
}
