import { isRouteErrorResponse } from "@remix-run/react";

/** Title and message for what a route's loader, action or render threw; each admin UI renders them its way. */
export function describeRouteError(error: unknown): { title: string; message: string } {
  if (isRouteErrorResponse(error)) {
    const text = typeof error.data === "string" ? error.data : (error.data as { message?: string } | null)?.message;
    const title = error.status === 404 ? "Not found" : error.status === 403 ? "Not allowed" : `Error ${error.status}`;
    return { title, message: text || error.statusText || "The request could not be completed." };
  }
  if (error instanceof Error) return { title: "Something went wrong", message: error.message };
  return { title: "Something went wrong", message: "An unknown error occurred." };
}
