variable "error_term" {
  description = "The term that marks an error"
  default     = "ERROR:"
}

variable "namespace" {
  type    = string
  default = "CIS"
}

variable "log_group" {
  type = string
}

locals {
  cis = {
    root_usage    = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS }"
    console_login = "{ ($.eventName = \"ConsoleLogin\") && }"
    iam_changes   = "{ ($.eventSource = iam.amazonaws.com) }"
  }
  prefix = "%ERR"
}
