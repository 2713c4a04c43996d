/** Something@somewhere.tld, without spaces: the shape HubSpot takes as a contact's email (it refuses others). */
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Whether a text is an email address a CRM would take (surrounding spaces aside). */
export function isEmailAddress(text: string): boolean {
  return EMAIL_ADDRESS.test(text.trim())
}
