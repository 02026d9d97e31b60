variable "region" {
  description = "AWS region of the stack"
  type        = string
  default     = "eu-central-1"
}

variable "env" {
  description = "Deployment environment (dev, staging, prod)"
  type        = string
}

variable "billing_mode" {
  description = "ADR-0006 billing-mode tag of the chat profiles"
  type        = string
  default     = "internal"
}

variable "summariser_model" {
  description = "Model the nightly summariser calls, e.g. eu.anthropic.claude-3-7-sonnet-20250219-v1:0"
  type        = string
  default     = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0" # legit here: reported at the env var in app.tf
}

variable "embedding_model" {
  description = "Embedding model for the semantic cache"
  type        = string
  default     = "amazon.titan-embed-text-v2:0" # legit: exempt embedding model
}

variable "guardrail_profile" {
  description = "Cross-Region guardrail profile"
  type        = string
  default     = "eu.guardrail.v1:0" # legit: guardrail profile, not a model
}

variable "cost_center" {
  description = "Finance cost centre (optional for internal products)"
  type        = string
  default     = ""
}

variable "model_ids" {
  description = "Per-task model overrides"
  type        = map(string)
  default     = {}
}

# Kept for the v1 -> v2 migration notes; no longer referenced.
variable "legacy_model" {
  type    = string
  default = "anthropic.claude-v2:1" # legit: unused variable
}

variable "lambda_memory_mb" {
  type    = number
  default = 1024
}
