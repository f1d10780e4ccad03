#!/usr/bin/env Rscript
# Reference fits of R's forecast::ets for the @dyocense/forecast ETS engine tests.
#
# Fits fixed model specifications and the automatic selection (model = "ZZZ", R's defaults) on public
# series shipped with R's `datasets` package, and writes
# packages/forecast/src/ets/__fixtures__/r-ets.json with the series, parameters, initial states,
# information criteria, sigma2, 12-step forecasts with 80/95% intervals, and the R and forecast versions.
#
# Usage (from the repository root): Rscript bench/reference/ets-fixtures.R [output.json]
# Needs only R and the forecast package (Debian: r-cran-forecast); JSON is written without extra packages.

suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[[1]] else "packages/forecast/src/ets/__fixtures__/r-ets.json"
horizon <- 12L
levels <- c(80, 95)

# Series name, the `datasets` object, and the fixed specifications fitted on it (model string, damped).
cases <- list(
  list(name = "Nile", y = datasets::Nile, specs = list(c("ANN", "FALSE"), c("AAN", "FALSE"), c("AAN", "TRUE"), c("MNN", "FALSE"))),
  list(name = "AirPassengers", y = datasets::AirPassengers, specs = list(c("MAM", "FALSE"), c("MAM", "TRUE"), c("MNM", "FALSE"), c("AAA", "FALSE"))),
  list(name = "UKgas", y = datasets::UKgas, specs = list(c("MAM", "FALSE"), c("ANA", "FALSE"), c("MNM", "FALSE"), c("MAA", "FALSE"))),
  list(name = "nottem", y = datasets::nottem, specs = list(c("ANA", "FALSE"), c("MNA", "FALSE"), c("AAA", "TRUE"))),
  list(name = "JohnsonJohnson", y = datasets::JohnsonJohnson, specs = list(c("MNM", "FALSE"), c("MAM", "TRUE"), c("AAN", "TRUE"))),
  list(name = "co2", y = datasets::co2, specs = list(c("AAA", "FALSE"), c("ANA", "FALSE"), c("MAM", "TRUE")))
)

num <- function(x) {
  x <- as.numeric(x)
  ifelse(is.finite(x), sprintf("%.17g", x), "null")
}
json_array <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
json_string <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
json_object <- function(fields) {
  paste0("{", paste(paste0(json_string(names(fields)), ":", unlist(fields)), collapse = ","), "}")
}

describe_fit <- function(fit, seconds = NULL) {
  fc <- forecast(fit, h = horizon, level = levels)
  par <- fit$par
  named <- function(key) if (is.na(par[key])) "null" else num(par[key])
  components <- fit$components
  init <- fit$initstate
  level_state <- init[["l"]]
  trend_state <- if (components[2] != "N") num(init[["b"]]) else "null"
  season_states <- if (components[3] != "N") json_array(init[grep("^s", names(init))]) else "null"
  intervals <- vapply(seq_along(levels), function(i) {
    json_object(list(level = num(levels[i]), lower = json_array(fc$lower[, i]), upper = json_array(fc$upper[, i])))
  }, character(1))
  fields <- list(
    method = json_string(fit$method),
    error = json_string(components[1]),
    trend = json_string(if (components[4] == "TRUE") "Ad" else components[2]),
    season = json_string(components[3]),
    alpha = named("alpha"), beta = named("beta"), gamma = named("gamma"), phi = named("phi"),
    initialLevel = num(level_state), initialTrend = trend_state, initialSeason = season_states,
    logLik = num(fit$loglik), aic = num(fit$aic), aicc = num(fit$aicc), bic = num(fit$bic),
    sigma2 = num(fit$sigma2), mse = num(fit$mse),
    fitted = json_array(fitted(fit)),
    mean = json_array(fc$mean),
    intervals = paste0("[", paste(intervals, collapse = ","), "]")
  )
  if (!is.null(seconds)) fields$seconds <- num(seconds)
  json_object(fields)
}

series_json <- vapply(cases, function(case) {
  y <- case$y
  specs <- vapply(case$specs, function(spec) {
    fit <- ets(y, model = spec[1], damped = as.logical(spec[2]))
    describe_fit(fit)
  }, character(1))
  # Automatic selection with R's defaults; time the median of 5 runs for the benchmark comparison.
  times <- vapply(1:5, function(i) system.time(auto <- ets(y))[["elapsed"]], numeric(1))
  auto <- ets(y)
  json_object(list(
    name = json_string(case$name),
    seasonPeriod = num(frequency(y)),
    y = json_array(y),
    fits = paste0("[", paste(specs, collapse = ","), "]"),
    auto = describe_fit(auto, median(times))
  ))
}, character(1))

document <- json_object(list(
  source = json_string("bench/reference/ets-fixtures.R: forecast::ets fits on R datasets series"),
  rVersion = json_string(R.version.string),
  forecastVersion = json_string(as.character(packageVersion("forecast"))),
  date = json_string(format(Sys.Date())),
  horizon = num(horizon),
  series = paste0("[", paste(series_json, collapse = ","), "]")
))
writeLines(document, out_path)
cat("wrote", out_path, "\n")
