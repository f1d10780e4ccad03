#!/usr/bin/env Rscript
# Reference seasonal differencing of R's forecast::nsdiffs (default test "seas": seasonal strength of an
# MSTL decomposition, forecast:::seas.heuristic, above 0.64) on monthly tourism-competition series, for the
# @dyocense/forecast auto-ARIMA tests. The three series are ones where a seasonal strength from a classical
# decomposition (our earlier approximation) chose no seasonal difference although R chooses one; TM301 lies
# close to the 0.64 threshold.
#
# Data: tourism forecasting competition (Athanasopoulos, Hyndman, Song & Wu 2011), as distributed in the R
# package Tcomp (GPL-3); see ../shared/data/forecast/README.md.
#
# Usage (from the repository root): Rscript bench/reference/arima-nsdiffs-tourism.R [dev.csv] [output.json]
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dev_path <- if (length(args) >= 1) args[[1]] else "../shared/data/forecast/tourism_monthly_dev.csv"
out_path <- if (length(args) >= 2) args[[2]] else "packages/forecast/src/arima/__fixtures__/r-nsdiffs-tourism.json"
ids <- c("TM23", "TM155", "TM301")
data <- read.csv(dev_path, stringsAsFactors = FALSE)
num <- function(x) sprintf("%.17g", as.numeric(x))
entries <- vapply(ids, function(id) {
  y <- ts(data$y[data$unique_id == id], frequency = 12)
  paste0(
    "{\"id\":\"", id, "\",\"period\":12,\"nsdiffs\":", nsdiffs(y),
    ",\"seasonalStrength\":", num(forecast:::seas.heuristic(y)),
    ",\"values\":[", paste(num(y), collapse = ","), "]}"
  )
}, character(1))
writeLines(paste0(
  "{\"rVersion\":\"", R.version.string, "\",\"forecastVersion\":\"", as.character(packageVersion("forecast")),
  "\",\"date\":\"", format(Sys.Date()), "\",\"series\":[", paste(entries, collapse = ","), "]}"
), out_path)
