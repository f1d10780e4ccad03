#!/usr/bin/env Rscript
# Reference fits of R's forecast::Arima / forecast::auto.arima for the @dyocense/forecast ARIMA engine tests.
#
# For fixed model orders on public series shipped with R's `datasets` package it records the estimated
# coefficients, sigma2, log-likelihood, AIC/AICc/BIC, residuals and 12-step forecasts with 80/95% intervals,
# plus the same quantities with every coefficient held fixed at R's estimates (fixed = coef(fit)), so the
# likelihood and forecasts can be compared without optimiser differences. For each series it also records
# the orders chosen by auto.arima (R's defaults), ndiffs/nsdiffs and the KPSS statistic.
#
# Writes packages/forecast/src/arima/__fixtures__/r-arima.json with R.version.string, the forecast version
# and the date.
#
# Usage (from the repository root): Rscript bench/reference/arima-fixtures.R [output.json]
# Needs R and the forecast package (Debian: r-cran-forecast); JSON is written without extra packages.

suppressPackageStartupMessages(library(forecast))

args <- commandArgs(trailingOnly = TRUE)
out_path <- if (length(args) >= 1) args[[1]] else "packages/forecast/src/arima/__fixtures__/r-arima.json"
horizon <- 12L
levels <- c(80, 95)

# Minimal JSON writer: named lists become objects, unnamed lists arrays, numeric vectors arrays (17
# significant digits, non-finite as null), character scalars strings, logical scalars booleans.
to_json <- function(x) {
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      keys <- paste0("\"", names(x), "\"")
      return(paste0("{", paste0(keys, ":", vapply(x, to_json, ""), collapse = ","), "}"))
    }
    return(paste0("[", paste0(vapply(x, to_json, ""), collapse = ","), "]"))
  }
  if (is.character(x)) return(paste0("\"", gsub("\"", "\\\\\"", x), "\""))
  if (is.logical(x)) return(if (isTRUE(x)) "true" else "false")
  values <- as.numeric(x)
  text <- ifelse(is.finite(values), sprintf("%.17g", values), "null")
  paste0("[", paste(text, collapse = ","), "]")
}
to_json_scalar <- function(x) if (is.finite(x)) sprintf("%.17g", x) else "null"

# Series: the `datasets` object, optionally log-transformed.
series <- list(
  lh = datasets::lh,
  LakeHuron = datasets::LakeHuron,
  USAccDeaths = datasets::USAccDeaths,
  logAirPassengers = log(datasets::AirPassengers),
  WWWusage = datasets::WWWusage,
  Nile = datasets::Nile,
  lynx = datasets::lynx
)

lake_time <- as.numeric(time(datasets::LakeHuron)) - 1920
lake_future <- (1973:1984) - 1920

# Fixed specifications: series, order, seasonal order, include.mean, include.drift, xreg, future xreg.
specs <- list(
  list(id = "lh-ar1", series = "lh", order = c(1, 0, 0)),
  list(id = "lh-ar3", series = "lh", order = c(3, 0, 0)),
  list(id = "lh-arma11", series = "lh", order = c(1, 0, 1)),
  list(id = "lh-ma2", series = "lh", order = c(0, 0, 2)),
  list(id = "LakeHuron-ar2-trend", series = "LakeHuron", order = c(2, 0, 0),
       xreg = cbind(trend = lake_time), futureXreg = cbind(trend = lake_future)),
  list(id = "LakeHuron-ar1-quadratic", series = "LakeHuron", order = c(1, 0, 0),
       xreg = cbind(trend = lake_time, square = lake_time^2 / 100),
       futureXreg = cbind(trend = lake_future, square = lake_future^2 / 100)),
  list(id = "LakeHuron-110-drift", series = "LakeHuron", order = c(1, 1, 0), drift = TRUE),
  list(id = "USAccDeaths-airline", series = "USAccDeaths", order = c(0, 1, 1), seasonal = c(0, 1, 1)),
  list(id = "USAccDeaths-sar-drift", series = "USAccDeaths", order = c(1, 0, 0), seasonal = c(1, 1, 0),
       drift = TRUE),
  list(id = "logAirPassengers-airline", series = "logAirPassengers", order = c(0, 1, 1), seasonal = c(0, 1, 1)),
  list(id = "logAirPassengers-211-011", series = "logAirPassengers", order = c(2, 1, 1), seasonal = c(0, 1, 1)),
  list(id = "WWWusage-310", series = "WWWusage", order = c(3, 1, 0)),
  list(id = "WWWusage-111", series = "WWWusage", order = c(1, 1, 1)),
  list(id = "WWWusage-021", series = "WWWusage", order = c(0, 2, 1)),
  list(id = "Nile-arma11", series = "Nile", order = c(1, 0, 1)),
  list(id = "Nile-011", series = "Nile", order = c(0, 1, 1)),
  list(id = "lynx-ar2", series = "lynx", order = c(2, 0, 0)),
  list(id = "lynx-arma22", series = "lynx", order = c(2, 0, 2))
)

describe_fit <- function(fit, future_xreg) {
  fc <- if (is.null(future_xreg)) forecast(fit, h = horizon, level = levels)
        else forecast(fit, h = horizon, level = levels, xreg = future_xreg)
  list(
    coefficientNames = names(coef(fit)),
    coefficients = unname(coef(fit)),
    sigma2 = fit$sigma2,
    loglik = fit$loglik,
    aic = fit$aic,
    aicc = fit$aicc,
    bic = fit$bic,
    residuals = as.numeric(residuals(fit)),
    mean = as.numeric(fc$mean),
    lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
    lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2])
  )
}

fit_spec <- function(spec, fixed = NULL) {
  y <- series[[spec$series]]
  seasonal <- if (is.null(spec$seasonal)) c(0, 0, 0) else spec$seasonal
  drift <- isTRUE(spec$drift)
  if (is.null(spec$xreg)) {
    Arima(y, order = spec$order, seasonal = seasonal, include.mean = TRUE, include.drift = drift, fixed = fixed)
  } else {
    Arima(y, order = spec$order, seasonal = seasonal, include.mean = TRUE, include.drift = drift,
          xreg = spec$xreg, fixed = fixed)
  }
}

models <- lapply(specs, function(spec) {
  fit <- fit_spec(spec)
  fixed_fit <- fit_spec(spec, fixed = unname(coef(fit)))
  list(
    id = spec$id,
    series = spec$series,
    order = spec$order,
    seasonalOrder = if (is.null(spec$seasonal)) c(0, 0, 0) else spec$seasonal,
    includeDrift = isTRUE(spec$drift),
    xreg = if (is.null(spec$xreg)) NULL else lapply(seq_len(nrow(spec$xreg)), function(i) spec$xreg[i, ]),
    futureXreg = if (is.null(spec$futureXreg)) NULL
                 else lapply(seq_len(nrow(spec$futureXreg)), function(i) spec$futureXreg[i, ]),
    estimated = describe_fit(fit, spec$futureXreg),
    fixed = describe_fit(fixed_fit, spec$futureXreg)
  )
})

kpss_statistic <- function(x) {
  urca::ur.kpss(x, type = "mu", use.lag = trunc(3 * sqrt(length(x)) / 13))@teststat[1]
}

auto <- lapply(names(series), function(name) {
  y <- series[[name]]
  started <- proc.time()[["elapsed"]]
  fit <- auto.arima(y)
  seconds <- proc.time()[["elapsed"]] - started
  m <- frequency(y)
  D <- if (m > 1) nsdiffs(y) else 0
  list(
    series = name,
    period = m,
    order = fit$arma[c(1, 6, 2)],
    seasonalOrder = fit$arma[c(3, 7, 4)],
    coefficientNames = names(coef(fit)),
    coefficients = unname(coef(fit)),
    aicc = fit$aicc,
    seconds = seconds,
    ndiffs = ndiffs(if (D > 0) diff(y, lag = m, differences = D) else y),
    nsdiffs = D,
    seasonalStrength = if (m > 1) forecast:::seas.heuristic(y) else NULL,
    kpss = kpss_statistic(y)
  )
})

data <- lapply(series, function(y) list(period = frequency(y), values = as.numeric(y)))

document <- list(
  source = paste(
    "Generated by bench/reference/arima-fixtures.R from R's datasets package (lh, LakeHuron, USAccDeaths,",
    "log(AirPassengers), WWWusage, Nile, lynx) with forecast::Arima and forecast::auto.arima defaults."
  ),
  rVersion = R.version.string,
  forecastVersion = as.character(packageVersion("forecast")),
  date = format(Sys.Date()),
  horizon = horizon,
  series = data,
  models = models,
  auto = auto
)

# Scalars are written as numbers, not one-element arrays.
scalar_fields <- c("sigma2", "loglik", "aic", "aicc", "bic", "horizon", "period", "seconds", "ndiffs",
                   "nsdiffs", "seasonalStrength", "kpss")
write_json <- function(x, key = NULL) {
  if (!is.null(key) && key %in% scalar_fields && is.numeric(x) && length(x) == 1) return(to_json_scalar(x))
  if (is.list(x) && !is.null(names(x))) {
    keys <- names(x)
    parts <- vapply(seq_along(x), function(i) paste0("\"", keys[i], "\":", write_json(x[[i]], keys[i])), "")
    return(paste0("{", paste0(parts, collapse = ","), "}"))
  }
  if (is.list(x)) return(paste0("[", paste0(vapply(x, write_json, ""), collapse = ","), "]"))
  if (is.character(x) && length(x) == 1 && !identical(key, "coefficientNames")) return(to_json(x))
  if (is.character(x)) return(paste0("[", paste0("\"", x, "\"", collapse = ","), "]"))
  to_json(x)
}

writeLines(write_json(document), out_path)
cat("wrote", out_path, "\n")
