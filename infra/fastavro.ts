/**
 * Python's fastavro (PyPI) in a venv of the shared download cache: an Avro implementation independent of avsc,
 * used by the AvroConverter tests to decode what the converter wrote.
 */
import { pipVenv } from './pip-venv.ts'

export const FASTAVRO_VERSION = '1.13.1'
const fastavro = pipVenv({ name: 'fastavro', version: FASTAVRO_VERSION, requirement: `fastavro==${FASTAVRO_VERSION}` })

/** The python of a venv holding fastavro, installed on first use. */
export async function ensureFastavro (): Promise<string> {
  await fastavro.ensure()
  return fastavro.python
}
