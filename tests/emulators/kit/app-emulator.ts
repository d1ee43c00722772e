/**
 * The base of the class-built emulators an app is installed into (Shopify, BigCommerce): the server and its
 * webhook dispatcher, listen/close/baseUrl, and the app's URL (where the emulator calls the app: webhooks,
 * app callbacks). Each emulator says what it sends there.
 */
import type { EmulatorServer } from "./emulator-server";

export abstract class AppEmulator {
  abstract readonly server: EmulatorServer;
  /** Closed with the server, so no retry is left pending. */
  abstract readonly webhooks: { close(): void };
  protected appUrl: string | null = null;

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  listen(port = 0, host = "127.0.0.1"): Promise<string> {
    return this.server.listen(port, host);
  }

  async close(): Promise<void> {
    this.webhooks.close();
    await this.server.close();
  }

  /** Where the app is reached from now on (null: nowhere); trailing slashes are dropped. Throws on a malformed URL. */
  setAppUrl(url: string | null): void {
    if (url !== null) new URL(url); // throws on garbage
    this.appUrl = url ? url.replace(/\/+$/, "") : null;
  }

  getAppUrl(): string | null {
    return this.appUrl;
  }
}
