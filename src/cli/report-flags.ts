// The flags of `warren report`, shared by the registrar (report.ts) and the action (report-action.ts).
export interface ReportFlags {
  compare?: boolean;
  json?: boolean;
}
