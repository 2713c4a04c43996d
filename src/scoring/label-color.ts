/** The colours of HubSpot's threshold labels (THRESHOLD output boundaries), written in lower case in a model. */
export const LABEL_COLORS = ['blue', 'gray', 'green', 'magenta', 'orange', 'purple', 'red', 'yellow'] as const

export type LabelColor = (typeof LABEL_COLORS)[number]
