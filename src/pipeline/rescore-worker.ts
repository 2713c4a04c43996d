// The reading and evaluating half of a full re-score, on its own thread: it walks the contacts through its own
// connection and posts each page's commit; the thread that started it writes them. See rescore-on-worker.ts.
import { parentPort, workerData } from 'node:worker_threads'
import { checkModelText } from '../load-model.ts'
import { withCutoffs } from '../scoring/percentile-labels.ts'
import { openStoreConnection } from '../storage/open-store.ts'
import type { ProcessingCommit } from '../storage/store.ts'
import { walkContacts } from './contact-walk.ts'
import type { RescoreWorkerData, WorkerMessage } from './rescore-worker-protocol.ts'

const port = parentPort
if (port === null) throw new Error('rescore-worker runs as a worker thread')
const data = workerData as RescoreWorkerData
const checked = checkModelText(data.modelText, data.modelFile)
if (!checked.ok || checked.model.version !== data.version) {
  throw new Error(`the worker compiled another model than ${data.version}`)
}
const model = withCutoffs(checked.model, data.percentileCutoffs)
const store = openStoreConnection(data.connection)
// Pages posted and not yet written: at most `data.pagesAhead`, so memory stays bounded when writing is slower.
let credits = data.pagesAhead
let wake: (() => void) | undefined
port.on('message', (message: 'written') => {
  if (message !== 'written') return
  credits++
  wake?.()
})
const post = (message: WorkerMessage) => port.postMessage(message)
const credit = async (enough: number) => {
  while (credits < enough) await new Promise<void>((resolve) => (wake = resolve))
}
await walkContacts(
  store,
  model,
  data.nowMs,
  async (commit: ProcessingCommit, contacts: number) => {
    await credit(1)
    credits--
    post({ kind: 'page', commit, contacts })
  },
  // Every page written, so that what the worker reads next is what the writer wrote.
  { settled: () => credit(data.pagesAhead), sharesFromValues: data.sharesFromValues },
)
await store.close()
post({ kind: 'end' })
