// The flags of `warren doc`, shared by the registrar (doc.ts) and the action (doc-action.ts).
export interface DocFlags {
  list?: boolean;
  json?: boolean;
  snippet?: boolean;
}
