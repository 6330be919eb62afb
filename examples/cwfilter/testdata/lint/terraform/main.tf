resource "aws_cloudwatch_log_metric_filter" "cis" {
  for_each       = local.cis
  name           = each.key
  pattern        = each.value
  log_group_name = var.log_group

  metric_transformation {
    name      = each.key
    namespace = var.namespace
    value     = "1"
  }
}

resource "aws_cloudwatch_log_metric_filter" "heredoc" {
  name           = "heredoc"
  log_group_name = "app"
  pattern        = <<-EOT
    {
      ($.level = "error") &&
      ($.latency > 100 ||)
    }
  EOT

  metric_transformation {
    name      = "Slow"
    namespace = "App"
    value     = "$.latency"
    unit      = "Milliseconds"
  }
}

resource "aws_cloudwatch_log_metric_filter" "escaped" {
  name           = "escaped"
  log_group_name = "app"
  pattern        = "{ $.user = \"\u00e9lodie\" && $.msg = \"a\\b\" && $.x = %%{y} }"
  metric_transformation {
    name      = "Escaped"
    namespace = "App"
    value     = "bytes"
  }
}

resource "aws_cloudwatch_log_subscription_filter" "interpolated" {
  name            = "errors"
  log_group_name  = "app"
  filter_pattern  = "?${var.error_term} ?WARN"
  destination_arn = aws_lambda_function.f.arn
}

resource "aws_cloudwatch_log_subscription_filter" "from_function" {
  name            = "fn"
  log_group_name  = "app"
  filter_pattern  = join(" ", ["ERROR", "WARN"])
  destination_arn = "arn"
}

resource "aws_cloudwatch_log_subscription_filter" "from_resource" {
  name            = "res"
  log_group_name  = "app"
  filter_pattern  = aws_ssm_parameter.p.value
  destination_arn = "arn"
}

resource "aws_cloudwatch_log_subscription_filter" "no_default" {
  name            = "nodef"
  log_group_name  = "app"
  filter_pattern  = var.log_group
  destination_arn = "arn"
}

resource "aws_cloudwatch_log_subscription_filter" "local_prefix" {
  count           = 2
  name            = "lp-${count.index}"
  log_group_name  = "app"
  filter_pattern  = "${local.prefix}${count.index}%"
  destination_arn = "arn"
}
