#!/usr/bin/env Rscript
# Reference model selection of R's forecast::ets (R's defaults, model = "ZZZ") on M3 monthly series, for the
# @dyocense/forecast autoEts tests.
#
# The series are from the M3 competition (Makridakis & Hibon 2000; data as distributed in the Mcomp package,
# see ../shared/data/forecast/README.md). Seven series of the bench's seeded sample: six on which an earlier
# version of our optimiser (Nelder–Mead restarted from its best point) chose a different model than R, and one
# on which both agreed. For each the script records the observations, R's chosen model, its log-likelihood
# and AICc, and the AICc of every candidate R's `ets` considered (by refitting each specification).
#
# Usage (from the repository root): Rscript bench/reference/ets-m3-selection.R [dev.csv] [output.json]
# Needs only R and the forecast package (Debian: r-cran-forecast); JSON is written without extra packages.

suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
dev_path <- if (length(args) >= 1) args[[1]] else "../shared/data/forecast/m3_monthly_dev.csv"
out_path <- if (length(args) >= 2) args[[2]] else "packages/forecast/src/ets/__fixtures__/r-ets-m3.json"
ids <- c("N1403", "N1408", "N1490", "N2096", "N2341", "N2582", "N2772")
season <- 12L

num <- function(x) {
  x <- as.numeric(x)
  ifelse(is.finite(x), sprintf("%.17g", x), "null")
}
json_array <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
json_string <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
json_object <- function(fields) {
  paste0("{", paste(paste0(json_string(names(fields)), ":", unlist(fields)), collapse = ","), "}")
}

# The candidates of ets(y) with R's defaults for strictly positive seasonal data (no multiplicative trend,
# restrict = TRUE), in the order our autoEts lists them.
candidates <- list(
  c("ANN", FALSE), c("ANA", FALSE), c("AAN", FALSE), c("AAA", FALSE), c("AAN", TRUE), c("AAA", TRUE),
  c("MNN", FALSE), c("MNA", FALSE), c("MNM", FALSE), c("MAN", FALSE), c("MAA", FALSE), c("MAM", FALSE),
  c("MAN", TRUE), c("MAA", TRUE), c("MAM", TRUE)
)

data <- read.csv(dev_path, stringsAsFactors = FALSE)
entries <- character(0)
for (id in ids) {
  y <- ts(data$y[data$unique_id == id], frequency = season)
  fit <- ets(y)
  aiccs <- vapply(candidates, function(spec) {
    candidate <- tryCatch(ets(y, model = spec[[1]], damped = as.logical(spec[[2]])), error = function(e) NULL)
    if (is.null(candidate)) NA_real_ else candidate$aicc
  }, numeric(1))
  labels <- vapply(candidates, function(spec) {
    letters <- strsplit(spec[[1]], "")[[1]]
    trend <- if (as.logical(spec[[2]])) paste0(letters[2], "d") else letters[2]
    sprintf("ETS(%s,%s,%s)", letters[1], trend, letters[3])
  }, character(1))
  entries <- c(entries, json_object(list(
    id = json_string(id),
    seasonPeriod = num(season),
    y = json_array(y),
    method = json_string(fit$method),
    logLik = num(fit$loglik),
    aicc = num(fit$aicc),
    candidates = paste0("[", paste(vapply(seq_along(labels), function(i) {
      json_object(list(method = json_string(labels[[i]]), aicc = num(aiccs[[i]])))
    }, character(1)), collapse = ","), "]")
  )))
}

writeLines(json_object(list(
  source = json_string("M3 monthly (Makridakis & Hibon 2000), bench/reference/ets-m3-selection.R"),
  rVersion = json_string(R.version.string),
  forecastVersion = json_string(as.character(packageVersion("forecast"))),
  date = json_string(format(Sys.Date())),
  series = paste0("[", paste(entries, collapse = ","), "]")
)), out_path)
