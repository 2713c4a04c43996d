/** An owner (a HubSpot user records can be assigned to). */
export type SimOwner = {
  id: string
  email: string
  firstName: string
  lastName: string
  userId: number
}

/** The owners a fresh simulated portal has. */
export const defaultOwners: readonly SimOwner[] = [
  { id: '6166860', email: 'alex.seller@upscore.test', firstName: 'Alex', lastName: 'Seller', userId: 9101 },
  { id: '6166861', email: 'sam.closer@upscore.test', firstName: 'Sam', lastName: 'Closer', userId: 9102 },
]

/** HubSpot's `PublicOwner` JSON. */
export function toPublicOwner(owner: SimOwner, createdAtMs: number): Record<string, unknown> {
  const at = new Date(createdAtMs).toISOString()
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: at,
    updatedAt: at,
    archived: false,
    teams: [],
  }
}
