#!/usr/bin/env Rscript
# Reference forecasts of R's forecast package for the @dyocense/forecast baselines, Theta and Croston tests.
#
# Writes three JSON fixtures (paths relative to the repository root):
#   packages/forecast/src/naive/__fixtures__/r-naive.json         naive, snaive, rwf(drift = TRUE), meanf, the M4
#                                                                  Naive2 benchmark, seasonality tests, decompose()
#   packages/forecast/src/theta/__fixtures__/r-theta.json         thetaf, with the SES parameters behind it
#   packages/forecast/src/intermittent/__fixtures__/r-croston.json croston on a deterministic intermittent series
# Each records R.version.string, packageVersion("forecast") and the date. Series are public ones shipped with R's
# `datasets` package; forecasts are h = 18 for monthly series and h = 12 for annual ones, with 80/95% intervals.
#
# Usage (from the repository root): Rscript bench/reference/theta-fixtures.R
# Needs only R and the forecast package (Debian: r-cran-forecast); JSON is written without extra packages.

suppressPackageStartupMessages(library(forecast))

levels <- c(80, 95)
series <- list(
  list(name = "AirPassengers", y = datasets::AirPassengers),
  list(name = "UKDriverDeaths", y = datasets::UKDriverDeaths),
  list(name = "nottem", y = datasets::nottem),
  list(name = "Nile", y = datasets::Nile),
  list(name = "WWWusage", y = datasets::WWWusage)
)
horizon_of <- function(y) if (frequency(y) > 1) 18L else 12L

num <- function(x) {
  x <- as.numeric(x)
  ifelse(is.finite(x), sprintf("%.17g", x), "null")
}
json_array <- function(x) paste0("[", paste(num(x), collapse = ","), "]")
json_string <- function(x) paste0("\"", gsub("\"", "\\\\\"", x), "\"")
json_bool <- function(x) if (isTRUE(x)) "true" else "false"
json_object <- function(fields) {
  paste0("{", paste(paste0(json_string(names(fields)), ":", unlist(fields)), collapse = ","), "}")
}
json_list <- function(items) paste0("[", paste(unlist(items), collapse = ",\n"), "]")
provenance <- function() {
  list(
    r = json_string(R.version.string),
    forecast = json_string(as.character(packageVersion("forecast"))),
    date = json_string(format(Sys.Date())),
    script = json_string("bench/reference/theta-fixtures.R")
  )
}
write_fixture <- function(path, fields) {
  dir.create(dirname(path), recursive = TRUE, showWarnings = FALSE)
  writeLines(json_object(fields), path)
  cat("wrote", path, "\n")
}

describe_forecast <- function(fc) {
  json_object(list(
    mean = json_array(fc$mean),
    lower80 = json_array(fc$lower[, 1]),
    upper80 = json_array(fc$upper[, 1]),
    lower95 = json_array(fc$lower[, 2]),
    upper95 = json_array(fc$upper[, 2]),
    fitted = json_array(fitted(fc)),
    residuals = json_array(residuals(fc))
  ))
}

# The M4 benchmark seasonality test (Makridakis et al., M4 `Benchmarks and Evaluation.R`): 90%, n >= 3 periods.
m4_seasonal <- function(input, ppy) {
  if (ppy <= 1 || length(input) < 3 * ppy) return(FALSE)
  xacf <- acf(input, plot = FALSE)$acf[-1, 1, 1]
  clim <- 1.645 / sqrt(length(input)) * sqrt(cumsum(c(1, 2 * xacf^2)))
  test <- abs(xacf[ppy]) > clim[ppy]
  if (is.na(test)) FALSE else test
}
# M4 Naive2: naive on the multiplicatively seasonally adjusted series, reseasonalised with the last indices.
m4_naive2 <- function(input, h) {
  ppy <- frequency(input)
  if (m4_seasonal(input, ppy)) {
    dec <- decompose(input, type = "multiplicative")
    adjusted <- input / dec$seasonal
    factors <- head(rep(dec$seasonal[(length(dec$seasonal) - ppy + 1):length(dec$seasonal)], h), h)
  } else {
    adjusted <- input
    factors <- rep(1, h)
  }
  list(mean = naive(adjusted, h = h)$mean * factors, seasonal = m4_seasonal(input, ppy))
}
# thetaf's own seasonality decision (copied condition), so the fixture records it and the SES parameters.
thetaf_adjusted <- function(x) {
  n <- length(x)
  m <- frequency(x)
  seasonal <- FALSE
  if (m > 1 && !is.constant(x) && n > 2 * m) {
    r <- as.numeric(acf(x, lag.max = m, plot = FALSE)$acf)[-1]
    stat <- sqrt((1 + 2 * sum(r[-m]^2)) / n)
    seasonal <- (abs(r[m]) / stat > qnorm(0.95))
  }
  if (seasonal) x <- seasadj(decompose(x, type = "multiplicative"))
  list(x = x, seasonal = seasonal)
}

naive_cases <- lapply(series, function(s) {
  y <- s$y
  h <- horizon_of(y)
  m <- frequency(y)
  n2 <- m4_naive2(y, h)
  fields <- list(
    name = json_string(s$name),
    period = num(m),
    horizon = num(h),
    values = json_array(y),
    naive = describe_forecast(naive(y, h = h, level = levels)),
    drift = describe_forecast(rwf(y, h = h, drift = TRUE, level = levels)),
    mean = describe_forecast(meanf(y, h = h, level = levels)),
    naive2 = json_object(list(mean = json_array(n2$mean), seasonal = json_bool(n2$seasonal))),
    acf = json_array(as.numeric(acf(y, lag.max = max(m, 2), plot = FALSE)$acf)[-1])
  )
  if (m > 1) {
    fields$snaive <- describe_forecast(snaive(y, h = h, level = levels))
    fields$decomposeMultiplicative <- json_array(decompose(y, type = "multiplicative")$figure)
    fields$decomposeAdditive <- json_array(decompose(y, type = "additive")$figure)
    fields$decomposeAdditiveTrend <- json_array(decompose(y, type = "additive")$trend)
  }
  json_object(fields)
})
write_fixture("packages/forecast/src/naive/__fixtures__/r-naive.json", c(provenance(), list(cases = json_list(naive_cases))))

theta_cases <- lapply(series, function(s) {
  y <- s$y
  h <- horizon_of(y)
  fc <- thetaf(y, h = h, level = levels)
  adjusted <- thetaf_adjusted(y)
  ses_fit <- ets(adjusted$x, "ANN", opt.crit = "mse")
  stopifnot(abs(ses_fit$par[["alpha"]] - fc$model$alpha) < 1e-12)
  json_object(list(
    name = json_string(s$name),
    period = num(frequency(y)),
    horizon = num(h),
    values = json_array(y),
    seasonal = json_bool(adjusted$seasonal),
    alpha = num(fc$model$alpha),
    initialLevel = num(ses_fit$par[["l"]]),
    drift = num(fc$model$drift),
    sigma2 = num(fc$model$sigma),
    sesSumOfSquares = num(sum(residuals(ses_fit)^2)),
    forecast = describe_forecast(fc)
  ))
})
write_fixture("packages/forecast/src/theta/__fixtures__/r-theta.json", c(provenance(), list(cases = json_list(theta_cases))))

# A deterministic intermittent demand series: zero with probability 0.7, otherwise 1 + Poisson(3).
set.seed(20240601)
occurs <- runif(72) < 0.3
intermittent <- ifelse(occurs, 1 + rpois(72, 3), 0)
intermittent[1] <- 0
croston_cases <- lapply(c(0.1, 0.3), function(alpha) {
  fc <- croston(intermittent, h = 12, alpha = alpha)
  json_object(list(
    alpha = num(alpha),
    mean = json_array(fc$mean),
    fitted = json_array(fc$fitted)
  ))
})
write_fixture("packages/forecast/src/intermittent/__fixtures__/r-croston.json", c(
  provenance(),
  list(
    series = json_string("set.seed(20240601); occurs <- runif(72) < 0.3; ifelse(occurs, 1 + rpois(72, 3), 0); first value set to 0"),
    values = json_array(intermittent),
    horizon = num(12),
    cases = json_list(croston_cases)
  )
))
