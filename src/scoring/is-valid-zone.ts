import { DateTime } from 'luxon'

/** Whether a name is an IANA time zone this runtime knows. */
export function isValidZone(zone: string): boolean {
  return DateTime.fromMillis(0).setZone(zone).isValid
}
