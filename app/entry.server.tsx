import { PassThrough, Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { ServerStyleSheet } from "styled-components";

/**
 * Remix's default Node entry (stream the shell to browsers, wait for everything for bots), plus server-side
 * styles for the BigCommerce admin UI (docs/decisions/010-bigdesign-admin-ui.md). BigDesign is built on
 * styled-components 5, which only knows a page's CSS once the page has rendered: under /bc we wait for the
 * whole render, collect it with a ServerStyleSheet and add the <style> tags at the end of <head>. On the
 * client, styled-components takes those tags over before hydration; React 18 tolerates extra nodes at the
 * end of <head>, so hydration stays clean. Other routes (Polaris) render exactly as before.
 */

const ABORT_DELAY = 5_000;

/** The BigCommerce admin UI's routes: app/routes/bc.tsx and its children. */
function rendersBigDesign(request: Request): boolean {
  const { pathname } = new URL(request.url);
  return pathname === "/bc" || pathname.startsWith("/bc/");
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const sheet = rendersBigDesign(request) ? new ServerStyleSheet() : null;
  const waitForAll = Boolean(sheet) || isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;
  const app = <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const ready = () => {
      shellRendered = true;
      const body = new PassThrough();
      responseHeaders.set("Content-Type", "text/html");
      resolve(
        new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
      );
      if (sheet) {
        // Everything has rendered (onAllReady), so the sheet holds every rule the page uses.
        const styles = sheet.getStyleTags();
        sheet.seal();
        pipe(insertBeforeHeadEnd(styles)).pipe(body);
      } else {
        pipe(body);
      }
    };
    const { pipe, abort } = renderToPipeableStream(sheet ? sheet.collectStyles(app) : app, {
      ...(waitForAll ? { onAllReady: ready } : { onShellReady: ready }),
      onShellError(error: unknown) {
        sheet?.seal();
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        // Errors while rendering the shell reject and are logged by Remix; log only those after it.
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

/** A stream that passes the HTML through, with `html` inserted right before the first `</head>`. */
function insertBeforeHeadEnd(html: string): Transform {
  // Decodes across chunk boundaries: a chunk may end inside a multi-byte character (the title's "·").
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let done = false;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      const text = decoder.write(chunk);
      if (done) return callback(null, text);
      pending += text;
      const at = pending.indexOf("</head>");
      if (at === -1) return callback();
      done = true;
      const out = pending.slice(0, at) + html + pending.slice(at);
      pending = "";
      callback(null, out);
    },
    flush(callback) {
      callback(null, pending + decoder.end());
    },
  });
}
