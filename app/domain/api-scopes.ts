// What an API token of a host system may do: read its reports' deliberations and the change feed, write
// (create, update, move the status of) its reports, read outcomes (tallies, chosen solution, answer, rating).
export const TOKEN_SCOPES = ["read", "write:reports", "read:outcomes"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
