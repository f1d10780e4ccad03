# Reference timing for bench/evidence/granger.bench.ts: statsmodels grangercausalitytests for every ordered pair,
# lags 1..maxlag, on first differences of the wide CSV given as argv[1]. Prints the seconds taken.
import sys
import time
import warnings

import numpy as np
from statsmodels.tsa.stattools import grangercausalitytests

warnings.filterwarnings("ignore")
data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
maxlag = int(sys.argv[2])
diff = np.diff(data, axis=0)
start = time.perf_counter()
k = diff.shape[1]
for effect in range(k):
    for cause in range(k):
        if cause != effect:
            grangercausalitytests(diff[:, [effect, cause]], maxlag, verbose=False)
print(time.perf_counter() - start)
