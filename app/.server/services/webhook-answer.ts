/** What a webhook or callback use case answers; the route turns it into the HTTP response. */
export interface WebhookAnswer {
  status: number;
  body: string;
}
