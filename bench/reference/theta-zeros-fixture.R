#!/usr/bin/env Rscript
# Reference thetaf forecasts for a seasonal series with zeros (R's thetaf decomposes it multiplicatively; the M4
# benchmark code does not). Writes packages/forecast/src/theta/__fixtures__/r-theta-zeros.json with the series,
# whether thetaf's seasonality test fired, and 18-step forecasts with 80/95% intervals, plus
# R.version.string, packageVersion("forecast") and the date.
#
# The series is synthetic and deterministic: 72 monthly counts of a yearly cycle with Poisson noise (seed 4),
# so that some months are zero.
#
# Usage (from the repository root): Rscript bench/reference/theta-zeros-fixture.R [output.json]
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[[1]] else "packages/forecast/src/theta/__fixtures__/r-theta-zeros.json"
set.seed(4)
t <- 1:72
y <- ts(rpois(72, pmax(0.2, 4 + 5 * sin(2 * pi * t / 12) + 0.04 * t)), frequency = 12)
fc <- thetaf(y, h = 18, level = c(80, 95))
r <- as.numeric(acf(y, lag.max = 12, plot = FALSE)$acf)[-1]
seasonal <- abs(r[12]) / sqrt((1 + 2 * sum(r[-12]^2)) / 72) > qnorm(0.95)
num <- function(x) ifelse(is.finite(as.numeric(x)), sprintf("%.17g", as.numeric(x)), "null")
arr <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
str <- function(x) paste0("\"", x, "\"")
writeLines(paste0(
  "{\"r\":", str(R.version.string), ",\"forecast\":", str(as.character(packageVersion("forecast"))),
  ",\"date\":", str(format(Sys.Date())), ",\"script\":", str("bench/reference/theta-zeros-fixture.R"),
  ",\"zeros\":", sum(y == 0), ",\"seasonal\":", if (seasonal) "true" else "false",
  ",\"y\":", arr(y), ",\"mean\":", arr(fc$mean),
  ",\"lower80\":", arr(fc$lower[, 1]), ",\"upper80\":", arr(fc$upper[, 1]),
  ",\"lower95\":", arr(fc$lower[, 2]), ",\"upper95\":", arr(fc$upper[, 2]), "}"
), out_path)
