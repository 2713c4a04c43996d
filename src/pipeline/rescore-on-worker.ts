import type { CompiledModel } from '../scoring/compiled-model.ts'
import { siblingWorkerUrl, startWorker } from '../start-worker.ts'
import type { StoreConnection } from '../storage/store.ts'
import type { PageSink, WalkOptions } from './contact-walk.ts'
import type { RescoreWorkerData, WorkerMessage } from './rescore-worker-protocol.ts'

const workerUrl = siblingWorkerUrl('rescore-worker', import.meta.url)

/**
 * A full contact re-score on two threads: a worker reads and evaluates (its own connection, the same walk as
 * `walkContacts`) while this thread writes each page it posts, through `sink`. Evaluation is most of the CPU, so
 * the two halves overlap on two cores.
 */
export async function rescoreContactsOnWorker(
  connection: StoreConnection,
  model: CompiledModel & { source: { text: string; file: string } },
  nowMs: number,
  sink: PageSink,
  options: Pick<WalkOptions, 'sharesFromValues'> = {},
): Promise<void> {
  const data: RescoreWorkerData = {
    modelText: model.source.text,
    modelFile: model.source.file,
    version: model.version,
    percentileCutoffs: model.percentileCutoffs,
    connection,
    nowMs,
    pagesAhead: 2,
    sharesFromValues: options.sharesFromValues === true,
  }
  const worker = startWorker(workerUrl, data)
  try {
    await new Promise<void>((resolve, reject) => {
      let writing = Promise.resolve()
      worker.on('message', (message: WorkerMessage) => {
        writing = writing.then(async () => {
          if (message.kind === 'end') return resolve()
          await sink(message.commit, message.contacts)
          worker.postMessage('written')
        })
        writing.catch(reject)
      })
      worker.on('error', reject)
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`the re-score worker stopped with code ${code}`))
      })
    })
  } finally {
    await worker.terminate()
  }
}

/** Whether the model carries the text a worker thread compiles it from. */
export function hasSource(model: CompiledModel): model is CompiledModel & { source: { text: string; file: string } } {
  return model.source !== undefined
}
