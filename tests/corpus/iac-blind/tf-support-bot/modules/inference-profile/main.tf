# Reusable application inference profile (ADR-0007). Tags are merged with the
# provider's default_tags by the AWS provider.

variable "name" {
  description = "Profile name: <product>-<model>"
  type        = string
}

variable "copy_from" {
  description = "ARN of the system profile (eu.*) or foundation model to copy"
  type        = string
}

variable "tags" {
  description = "ADR-0006 tags of the profile"
  type        = map(string)
}

variable "create_before_destroy" {
  type    = bool
  default = false
}

resource "aws_bedrock_inference_profile" "this" {
  name        = var.name
  description = "Managed by the inference-profile module"

  model_source {
    copy_from = var.copy_from
  }

  tags = merge(var.tags, {
    "managed-by" = "terraform"
  })
}

output "arn" {
  value = aws_bedrock_inference_profile.this.arn
}

output "id" {
  value = aws_bedrock_inference_profile.this.id
}
