import type { Deadline } from '../net/deadline.js';
import { errorCode } from './network-failure.js';

/**
 * Tries each resolved address in order while nothing listens there, as libpq and the
 * MySQL client do for a name with several addresses (`localhost` is often ::1 and
 * 127.0.0.1). Any other failure is the source's answer and ends the search.
 */
export async function firstAnsweringAddress<T>(
  addresses: readonly string[],
  deadline: Deadline,
  connect: (address: string) => Promise<T>,
): Promise<T> {
  let lastError: unknown = new Error('no address to connect to');
  for (const address of addresses) {
    try {
      return await connect(address);
    } catch (error) {
      lastError = error;
      if (errorCode(error) !== 'ECONNREFUSED' || deadline.expired()) break;
    }
  }
  throw lastError;
}
