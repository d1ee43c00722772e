/** The environment that points the app's Etsy connector and connect at an Etsy emulator, with an Etsy app's keys. */
export function etsyAppEnv(
  emulatorUrl: string,
  app: { keystring: string; sharedSecret: string },
): Record<string, string> {
  return {
    ETSY_API_BASE_URL: emulatorUrl,
    ETSY_AUTH_BASE_URL: emulatorUrl,
    ETSY_CONNECT_URL: `${emulatorUrl}/oauth/connect`,
    ETSY_KEYSTRING: app.keystring,
    ETSY_SHARED_SECRET: app.sharedSecret,
  };
}
