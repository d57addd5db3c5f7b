// A feature's own messages, kept beside the feature and merged into the catalogue (i18n.ts). The Chinese table is
// typed against the English one, so a key missing from either language is a compile error here too.
export interface FeatureMessages<Key extends string> {
  en: Readonly<Record<Key, string>>;
  zh: Readonly<Record<Key, string>>;
}

export function defineMessages<const En extends Record<string, string>>(
  en: En,
  zh: Record<keyof En, string>,
): FeatureMessages<Extract<keyof En, string>> {
  return { en, zh };
}
