/** One CRM record. Property values are stored as HubSpot returns them; an absent key is an empty property. */
export type CrmRecord = {
  /** A numeric string, unique across all object types (HubSpot's ids are, per portal). */
  id: string
  properties: Record<string, string>
  createdAt: number
  updatedAt: number
  archived: boolean
  archivedAt?: number
}
