/** The timeline's kinds and their data: defined beside the schema (db/ imports nothing of app/), the domain's vocabulary. */
export * from "#db/schema/timeline-kinds.ts";
