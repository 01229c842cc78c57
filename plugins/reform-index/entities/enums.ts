import { registerEnumType } from 'type-graphql';

/** Where a service-index criterion's value comes from. */
export enum ServiceCriterionSource {
  /** Computed live from the platform's dossiers and catalogue. */
  COMPUTED = 'COMPUTED',
  /** Entered by an official with evidence. */
  ENTERED = 'ENTERED',
  /** Must be entered and has not been for this period: no points. */
  MISSING = 'MISSING',
}
registerEnumType(ServiceCriterionSource, {
  name: 'ServiceCriterionSource',
  description: 'COMPUTED from the platform, ENTERED with evidence, or MISSING (to be entered; no points)',
});

/** The platform metric a CCHC criterion may be bound to (its score then follows the metric). */
export enum CriterionMetric {
  /** The service index of QĐ 766 (0–100), scaled to the criterion's maximum. */
  SERVICE_INDEX = 'SERVICE_INDEX',
  /** One criterion of the service index (its points over its maximum), named by metricCode. */
  SERVICE_INDEX_CRITERION = 'SERVICE_INDEX_CRITERION',
  /** Share of dossiers resolved early or on time. */
  ON_TIME_RATE = 'ON_TIME_RATE',
  /** Share of dossiers received online. */
  ONLINE_RATE = 'ONLINE_RATE',
  /** Share of dossiers received with every component digitised. */
  DOSSIER_DIGITISATION_RATE = 'DOSSIER_DIGITISATION_RATE',
  /** Share of results digitised. */
  RESULT_DIGITISATION_RATE = 'RESULT_DIGITISATION_RATE',
}
registerEnumType(CriterionMetric, {
  name: 'CriterionMetric',
  description: 'A platform metric a criterion may be bound to: its suggested score is the metric × maximum',
});

/** The stages of an assessment round. */
export enum RoundStatus {
  /** Units score themselves. */
  SELF_ASSESSMENT = 'SELF_ASSESSMENT',
  /** The appraising council reviews and may change scores, with a reason each. */
  APPRAISAL = 'APPRAISAL',
  /** Results are final and published; nothing changes any more. */
  PUBLISHED = 'PUBLISHED',
}
registerEnumType(RoundStatus, {
  name: 'RoundStatus',
  description: 'SELF_ASSESSMENT (units score), APPRAISAL (the council reviews), PUBLISHED (final)',
});

export enum SpreadsheetFormat {
  JSON = 'JSON',
  XLSX = 'XLSX',
}
registerEnumType(SpreadsheetFormat, {
  name: 'CriteriaSetFormat',
  description: 'JSON text, or an XLSX workbook in base64',
});
