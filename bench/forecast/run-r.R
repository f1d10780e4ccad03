# R reference for bench/forecast: forecast::auto.arima, ets and thetaf with 80/95% intervals.
# Usage: Rscript run-r.R --train dev.csv --h 18 --season 12 --out out.csv [--limit N] [--ids ids.txt]
#        [--models arima,ets,theta]
#        [--timeout SECONDS] [--cores N] [--clock elapsed|cpu]
# Output: unique_id,model,step,yhat,lo80,hi80,lo95,hi95,seconds,failed (seconds = elapsed time, or with
# --clock cpu the CPU time of this process, of one fit and forecast; a fit over the timeout falls back to naive
# and is marked failed).
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
option <- function(name, default) {
  index <- match(paste0("--", name), args)
  if (is.na(index)) default else args[index + 1]
}
train <- read.csv(option("train", NA), stringsAsFactors = FALSE)
h <- as.integer(option("h", NA))
season <- as.integer(option("season", "1"))
limit <- as.integer(option("limit", "0"))
out <- option("out", NA)
timeout <- as.numeric(option("timeout", "120"))
cores <- as.integer(option("cores", "1"))
models <- strsplit(option("models", "arima,ets,theta"), ",")[[1]]
clock <- option("clock", "elapsed")
# CPU time is the fairer measure on a shared machine, where the elapsed time depends on the other jobs.
now <- function() {
  times <- proc.time()
  if (clock == "cpu") times[["user.self"]] + times[["sys.self"]] else times[["elapsed"]]
}
ids <- unique(train$unique_id)
ids_file <- option("ids", NA)
# One id a line: the bench's seeded sample, so that R and our models forecast the same series.
if (!is.na(ids_file)) ids <- intersect(ids, readLines(ids_file))
if (limit > 0) ids <- head(ids, limit)
levels <- c(80, 95)
fitters <- list(
  arima = function(y) forecast(auto.arima(y), h = h, level = levels),
  ets = function(y) forecast(ets(y), h = h, level = levels),
  theta = function(y) thetaf(y, h = h, level = levels)
)
one <- function(id) {
  y <- ts(train$y[train$unique_id == id], frequency = season)
  rows <- list()
  for (model in models) {
    start <- now()
    failed <- FALSE
    result <- tryCatch(
      {
        setTimeLimit(elapsed = timeout, transient = TRUE)
        fitted <- suppressWarnings(fitters[[model]](y))
        setTimeLimit()
        fitted
      },
      error = function(error) {
        setTimeLimit()
        failed <<- TRUE
        naive(y, h = h, level = levels)
      }
    )
    seconds <- now() - start
    rows[[model]] <- data.frame(
      unique_id = id, model = model, step = seq_len(h), yhat = as.numeric(result$mean),
      lo80 = as.numeric(result$lower[, 1]), hi80 = as.numeric(result$upper[, 1]),
      lo95 = as.numeric(result$lower[, 2]), hi95 = as.numeric(result$upper[, 2]),
      seconds = seconds, failed = failed
    )
  }
  do.call(rbind, rows)
}
results <- if (cores > 1) parallel::mclapply(ids, one, mc.cores = cores) else lapply(ids, one)
write.csv(do.call(rbind, results), out, row.names = FALSE)
