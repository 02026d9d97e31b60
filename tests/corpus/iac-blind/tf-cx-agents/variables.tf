variable "agent_foundation_model" {
  description = "The foundation model used by the support agent for orchestration"
  type        = string
  default     = "anthropic.claude-3-5-sonnet-20241022-v2:0" # legit here: reported at foundation_model in main.tf
}

variable "router_model" {
  description = "Model id looked up for the billing agent"
  type        = string
  default     = "amazon.nova-lite-v1:0"
}

variable "kb_embedding_model" {
  description = "Embedding model of the FAQ knowledge base"
  type        = string
  default     = "cohere.embed-multilingual-v3" # legit: exempt embedding model
}

variable "tags" {
  description = "Tags applied to every resource of the module"
  type        = map(string)
  default = {
    team         = "cx-automation"
    owner        = "cx-platform@example.com"
    source       = "github.com/example-org/cx-agents"
    "managed-by" = "terraform"
  }
}
