/** buildReport: one pure function per report of POLICY-SPEC §6, chosen by the input's kind. */
import { analysisReport } from './analysis.js';
import { dispatchReport } from './dispatch.js';
import { enrollmentReport } from './enrollment.js';
import { householdReport } from './household.js';
import { nationalReport } from './national.js';
import { protectionReport } from './protection.js';
import { ratingReport } from './rating.js';
import type { ReportDocument, ReportInput } from './types.js';

export function buildReport(input: ReportInput): ReportDocument {
  switch (input.kind) {
    case 'enrollment':
      return enrollmentReport(input);
    case 'dispatch':
      return dispatchReport(input);
    case 'rating':
      return ratingReport(input);
    case 'analysis':
      return analysisReport(input);
    case 'national':
      return nationalReport(input);
    case 'protection':
      return protectionReport(input);
    case 'household':
      return householdReport(input);
  }
}
