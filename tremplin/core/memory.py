"""The garbage collector of a long-running process (the web server's workers, the task
worker), settled once the process has loaded what it keeps until it ends.

- Everything loaded so far is moved out of the collector's reach (`gc.freeze`): a full
  collection then scans what the process created since (about 1 ms), not the whole of
  Django and the app (85–160 ms, measured: a page that met one waited that long, and a
  job alert's fan-out in the worker, bench/README.md).
- The first generation is collected every 5,000 allocations instead of 700. A page
  allocates tens of thousands of objects, and with several requests in flight each young
  collection found other requests' objects alive and promoted them; the oldest
  generation filled with request garbage, and the full collections that followed made
  the slowest percent of pages wait. Measured (bench/README.md, feed API page 1, 4
  clients): p99 48-59 ms at 700, 20-24 ms at 5,000, for the same throughput.
"""

from __future__ import annotations

import gc


def settle() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(5_000, 10, 10)
