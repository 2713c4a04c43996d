/** A property value as the read API and the CRM see it; `null` means absent. */
export type PropertyValue = string | number | boolean | null
