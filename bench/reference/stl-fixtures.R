#!/usr/bin/env Rscript
# Reference decompositions and forecasts of R's stats::stl and forecast::mstl / stlf for the @dyocense/forecast
# STL and MSTL engine tests.
#
# 1. stats::stl on datasets::nottem, co2 and UKDriverDeaths with s.window "periodic", 7 and 13, each robust
#    and not, plus cases on nottem that set every other argument (degrees, windows, jumps, iterations).
#    Records the arguments as R resolved them (stl()$win, $deg, $jump, $inner, $outer) and the seasonal,
#    trend, remainder and robustness weights.
#    -> packages/forecast/src/stl/__fixtures__/r-stl.json
# 2. forecast::mstl on the first six weeks (2016 half-hourly points) of forecast::taylor with periods 48 and
#    336 (defaults: iterate = 2, s.window = 7 + 4 * seq(6)), with Box-Cox lambda 0.5, and on nottem (a single
#    period, where mstl makes one pass); forecast's seasonal-strength heuristic (used by nsdiffs); and
#    forecasts: stlf(nottem, method = "ets"/"arima", h = 24) and forecast(mstl(taylor six weeks),
#    method = "ets", h = 336) with 80/95% intervals and the chosen model.
#    -> packages/forecast/src/mstl/__fixtures__/r-mstl.json
# Each file records R.version.string, the forecast version and the date.
#
# Usage (from the repository root): Rscript bench/reference/stl-fixtures.R
# Needs R and the forecast package (Debian: r-cran-forecast); JSON is written without extra packages.

suppressPackageStartupMessages(library(forecast))

levels <- c(80, 95)

json_array <- function(x) {
  values <- as.numeric(x)
  text <- ifelse(is.finite(values), sprintf("%.17g", values), "null")
  paste0("[", paste(text, collapse = ","), "]")
}
num <- function(x) if (is.null(x)) "null" else if (is.finite(x)) sprintf("%.17g", x) else "null"
json_string <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
json_bool <- function(x) if (isTRUE(x)) "true" else "false"
json_object <- function(fields) {
  paste0("{", paste0("\"", names(fields), "\":", unlist(fields), collapse = ","), "}")
}
json_list <- function(items) paste0("[", paste(unlist(items), collapse = ","), "]")
provenance <- function() {
  list(
    r = json_string(R.version.string),
    forecast = json_string(as.character(packageVersion("forecast"))),
    date = json_string(format(Sys.Date())),
    script = json_string("bench/reference/stl-fixtures.R")
  )
}
write_fixture <- function(path, fields) {
  dir.create(dirname(path), recursive = TRUE, showWarnings = FALSE)
  writeLines(json_object(fields), path)
  cat("wrote", path, "\n")
}
median_seconds <- function(expression_function, runs = 5) {
  median(vapply(seq_len(runs), function(i) system.time(expression_function())[["elapsed"]], 0))
}

# ---- 1. stats::stl ----------------------------------------------------------------------------------------

series <- list(
  list(name = "nottem", y = datasets::nottem),
  list(name = "co2", y = datasets::co2),
  list(name = "UKDriverDeaths", y = datasets::UKDriverDeaths)
)

# Options as the TypeScript engine names them; NULL fields keep R's defaults.
stl_case <- function(name, y, options) {
  args <- list(x = y, s.window = options$seasonalWindow)
  if (!is.null(options$seasonalDegree)) args$s.degree <- options$seasonalDegree
  if (!is.null(options$trendWindow)) args$t.window <- options$trendWindow
  if (!is.null(options$trendDegree)) args$t.degree <- options$trendDegree
  if (!is.null(options$lowPassWindow)) args$l.window <- options$lowPassWindow
  if (!is.null(options$lowPassDegree)) args$l.degree <- options$lowPassDegree
  if (!is.null(options$seasonalJump)) args$s.jump <- options$seasonalJump
  if (!is.null(options$trendJump)) args$t.jump <- options$trendJump
  if (!is.null(options$lowPassJump)) args$l.jump <- options$lowPassJump
  if (!is.null(options$robust)) args$robust <- options$robust
  if (!is.null(options$innerIterations)) args$inner <- options$innerIterations
  if (!is.null(options$outerIterations)) args$outer <- options$outerIterations
  fit <- do.call(stats::stl, args)
  option_fields <- lapply(options, function(value) {
    if (is.character(value)) json_string(value) else if (is.logical(value)) json_bool(value) else num(value)
  })
  json_object(list(
    series = json_string(name),
    options = json_object(option_fields),
    resolved = json_object(list(
      seasonalWindow = num(fit$win[["s"]]),
      trendWindow = num(fit$win[["t"]]),
      lowPassWindow = num(fit$win[["l"]]),
      seasonalDegree = num(fit$deg[["s"]]),
      trendDegree = num(fit$deg[["t"]]),
      lowPassDegree = num(fit$deg[["l"]]),
      seasonalJump = num(fit$jump[["s"]]),
      trendJump = num(fit$jump[["t"]]),
      lowPassJump = num(fit$jump[["l"]]),
      innerIterations = num(fit$inner),
      outerIterations = num(fit$outer)
    )),
    seasonal = json_array(fit$time.series[, "seasonal"]),
    trend = json_array(fit$time.series[, "trend"]),
    remainder = json_array(fit$time.series[, "remainder"]),
    weights = json_array(fit$weights)
  ))
}

stl_cases <- list()
for (s in series) {
  for (window in list("periodic", 7, 13)) {
    for (robust in c(FALSE, TRUE)) {
      stl_cases[[length(stl_cases) + 1]] <- stl_case(s$name, s$y, list(seasonalWindow = window, robust = robust))
    }
  }
}
extra_options <- list(
  list(seasonalWindow = 9, seasonalDegree = 1),
  list(seasonalWindow = 9, trendDegree = 0, lowPassDegree = 1),
  list(seasonalWindow = 11, trendWindow = 21, lowPassWindow = 25),
  list(seasonalWindow = 7, seasonalJump = 1, trendJump = 1, lowPassJump = 1),
  list(seasonalWindow = 7, seasonalJump = 3, trendJump = 4, lowPassJump = 5, trendWindow = 30),
  list(seasonalWindow = 15, robust = TRUE, innerIterations = 2, outerIterations = 3),
  list(seasonalWindow = "periodic", trendWindow = 400)
)
for (options in extra_options) {
  stl_cases[[length(stl_cases) + 1]] <- stl_case("nottem", datasets::nottem, options)
}

stl_values <- lapply(series, function(s) {
  json_object(list(name = json_string(s$name), period = num(frequency(s$y)), values = json_array(s$y)))
})
write_fixture("packages/forecast/src/stl/__fixtures__/r-stl.json", c(provenance(), list(
  series = json_list(stl_values),
  cases = json_list(stl_cases)
)))

# ---- 2. forecast::mstl, seasonal strength and stlf -------------------------------------------------------

data(taylor, package = "forecast")
taylor_weeks <- msts(as.numeric(taylor)[1:2016], seasonal.periods = c(48, 336))

describe_mstl <- function(fit, periods) {
  seasonal <- lapply(periods, function(period) {
    json_object(list(period = num(period), values = json_array(fit[, paste0("Seasonal", round(period, 2))])))
  })
  json_object(list(
    trend = json_array(fit[, "Trend"]),
    seasonal = json_list(seasonal),
    remainder = json_array(fit[, "Remainder"])
  ))
}
describe_forecast <- function(fc) {
  json_object(list(
    method = json_string(fc$method),
    mean = json_array(fc$mean),
    lower80 = json_array(fc$lower[, 1]),
    upper80 = json_array(fc$upper[, 1]),
    lower95 = json_array(fc$lower[, 2]),
    upper95 = json_array(fc$upper[, 2]),
    fitted = json_array(fitted(fc))
  ))
}

taylor_fit <- mstl(taylor_weeks)
taylor_lambda_fit <- mstl(taylor_weeks, lambda = 0.5)
nottem_fit <- mstl(datasets::nottem)
mstl_seconds <- median_seconds(function() mstl(taylor_weeks))

mstl_cases <- list(
  json_object(list(
    name = json_string("taylor first 2016 half-hours, periods 48 and 336"),
    values = json_array(taylor_weeks),
    seasonPeriods = json_array(c(48, 336)),
    lambda = "null",
    decomposition = describe_mstl(taylor_fit, c(48, 336)),
    rSeconds = num(mstl_seconds)
  )),
  json_object(list(
    name = json_string("taylor first 2016 half-hours, periods 48 and 336, lambda 0.5"),
    values = json_array(taylor_weeks),
    seasonPeriods = json_array(c(48, 336)),
    lambda = num(0.5),
    decomposition = describe_mstl(taylor_lambda_fit, c(48, 336))
  )),
  json_object(list(
    name = json_string("nottem, period 12 (one pass)"),
    values = json_array(datasets::nottem),
    seasonPeriods = json_array(12),
    lambda = "null",
    decomposition = describe_mstl(nottem_fit, 12)
  ))
)

strength_cases <- list(
  json_object(list(name = json_string("nottem"), values = json_array(datasets::nottem), seasonPeriods = json_array(12),
    strength = json_array(forecast:::seas.heuristic(datasets::nottem)))),
  json_object(list(name = json_string("co2"), values = json_array(datasets::co2), seasonPeriods = json_array(12),
    strength = json_array(forecast:::seas.heuristic(datasets::co2)))),
  json_object(list(name = json_string("UKDriverDeaths"), values = json_array(datasets::UKDriverDeaths),
    seasonPeriods = json_array(12), strength = json_array(forecast:::seas.heuristic(datasets::UKDriverDeaths)))),
  json_object(list(name = json_string("taylor first 2016 half-hours"), values = json_array(taylor_weeks),
    seasonPeriods = json_array(c(48, 336)), strength = json_array(forecast:::seas.heuristic(taylor_weeks))))
)

stlf_ets <- stlf(datasets::nottem, h = 24, method = "ets", level = levels)
stlf_arima <- stlf(datasets::nottem, h = 24, method = "arima", level = levels)
taylor_forecast <- forecast(taylor_fit, method = "ets", h = 336, level = levels)
forecast_cases <- list(
  json_object(list(
    name = json_string("stlf(nottem, h = 24, method = 'ets')"),
    values = json_array(datasets::nottem),
    seasonPeriods = json_array(12),
    trendModel = json_string("ets"),
    horizon = num(24),
    forecast = describe_forecast(stlf_ets)
  )),
  json_object(list(
    name = json_string("stlf(nottem, h = 24, method = 'arima')"),
    values = json_array(datasets::nottem),
    seasonPeriods = json_array(12),
    trendModel = json_string("arima"),
    horizon = num(24),
    forecast = describe_forecast(stlf_arima)
  )),
  json_object(list(
    name = json_string("forecast(mstl(taylor first 2016 half-hours), method = 'ets', h = 336)"),
    values = json_array(taylor_weeks),
    seasonPeriods = json_array(c(48, 336)),
    trendModel = json_string("ets"),
    horizon = num(336),
    forecast = describe_forecast(taylor_forecast)
  ))
)

write_fixture("packages/forecast/src/mstl/__fixtures__/r-mstl.json", c(provenance(), list(
  decompositions = json_list(mstl_cases),
  seasonalStrength = json_list(strength_cases),
  forecasts = json_list(forecast_cases)
)))
