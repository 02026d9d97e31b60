provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = merge(var.base_tags, {
      product = "policy-search"
      env     = var.environment
    })
  }
}

variable "environment" {
  type    = string
  default = "production"
}

variable "base_tags" {
  type = map(string)
  default = {
    "billing-mode" = "internal"
    team           = "knowledge"
    owner          = "knowledge-team@example.com"
    source         = "github.com/example-org/policy-search"
    "managed-by"   = "terraform"
  }
}

variable "embedding_model_arn" {
  description = "ARN of the embedding model used for the vector index"
  type        = string
  default     = "arn:aws:bedrock:eu-central-1::foundation-model/amazon.titan-embed-text-v2:0" # legit: exempt embedding
}

data "aws_bedrock_foundation_model" "base" {
  model_id = "amazon.titan-text-express-v1" # legit: lookup for customization base
}

# Query-time generation goes through this profile. Production, replaced before destroy.
resource "aws_bedrock_inference_profile" "answers" {
  name        = "policy-search-claude-sonnet-4-5"
  description = "RAG answers for policy-search"

  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:777788889999:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"
  }

  tags = {
    component = "answers"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_bedrock_inference_profile" "rewrite" { # expect: BRL402
  name = "policy-search-nova-micro-v1"

  model_source {
    copy_from = "arn:aws:bedrock:eu-central-1:777788889999:inference-profile/eu.amazon.nova-micro-v1:0"
  }

  tags = {
    component = "query-rewrite"
  }
}

resource "aws_bedrockagent_knowledge_base" "policies" {
  name     = "policy-search-${var.environment}"
  role_arn = "arn:aws:iam::777788889999:role/policy-search-kb"

  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = var.embedding_model_arn # legit: exempt embedding
      embedding_model_configuration {
        bedrock_embedding_model_configuration {
          dimensions          = 1024
          embedding_data_type = "FLOAT32"
        }
      }
    }
  }

  storage_configuration {
    type = "S3_VECTORS"
    s3_vectors_configuration {
      index_arn = "arn:aws:s3vectors:eu-central-1:777788889999:bucket/policy-search/index/main"
    }
  }
}

resource "aws_bedrockagent_knowledge_base" "images" {
  name     = "policy-search-images-${var.environment}"
  role_arn = "arn:aws:iam::777788889999:role/policy-search-kb"

  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-2-multimodal-embeddings-v1:0" # expect: BRL101
    }
  }

  storage_configuration {
    type = "S3_VECTORS"
    s3_vectors_configuration {
      index_arn = "arn:aws:s3vectors:eu-central-1:777788889999:bucket/policy-search/index/images"
    }
  }
}

resource "aws_bedrockagent_prompt" "answer" {
  name            = "policy-answer"
  description     = "Answer template; tested against amazon.titan-text-express-v1 first" # legit: description
  default_variant = "profile"

  variant {
    name          = "profile"
    model_id      = aws_bedrock_inference_profile.answers.arn
    template_type = "TEXT"
    template_configuration {
      text {
        text = "Answer the question using only these policies: {{policies}}"
        input_variable {
          name = "policies"
        }
      }
    }
  }

  variant {
    name          = "titan-baseline"
    model_id      = "amazon.titan-text-express-v1" # expect: BRL101
    template_type = "TEXT"
    template_configuration {
      text {
        text = "Answer: {{question}}"
        input_variable {
          name = "question"
        }
      }
    }
  }
}

resource "aws_bedrockagent_flow" "triage" {
  name               = "policy-search-triage"
  execution_role_arn = "arn:aws:iam::777788889999:role/policy-search-flow"

  definition {
    node {
      name = "FlowInputNode"
      type = "Input"
      configuration {
        input {}
      }
      output {
        name = "document"
        type = "String"
      }
    }

    node {
      name = "Classify"
      type = "Prompt"
      configuration {
        prompt {
          source_configuration {
            inline {
              model_id      = "amazon.nova-lite-v1:0" # expect: BRL101
              template_type = "TEXT"
              template_configuration {
                text {
                  text = "Classify this question: {{document}}"
                  input_variable {
                    name = "document"
                  }
                }
              }
            }
          }
        }
      }
      input {
        expression = "$.data"
        name       = "document"
        type       = "String"
      }
      output {
        name = "modelCompletion"
        type = "String"
      }
    }
  }
}

resource "aws_bedrock_provisioned_model_throughput" "peak" {
  provisioned_model_name = "policy-search-peak"
  model_arn              = "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0:200k" # legit: provisioned throughput needs FM
  commitment_duration    = "OneMonth"
  model_units            = 1
}

resource "aws_bedrock_custom_model" "tuned" {
  custom_model_name     = "policy-search-titan-tuned"
  job_name              = "policy-search-titan-tuned-1"
  base_model_identifier = data.aws_bedrock_foundation_model.base.model_arn # legit: customization base
  role_arn              = "arn:aws:iam::777788889999:role/policy-search-customization"
  customization_type    = "FINE_TUNING"

  hyperparameters = {
    epochCount = "1"
  }

  output_data_config {
    s3_uri = "s3://example-policy-search/customization/output/"
  }

  training_data_config {
    s3_uri = "s3://example-policy-search/customization/train.jsonl"
  }
}

resource "aws_bedrock_guardrail" "policy" {
  name                      = "policy-search"
  blocked_input_messaging   = "Sorry, I can't help with that."
  blocked_outputs_messaging = "Sorry, I can't answer that."

  cross_region_config {
    guardrail_profile_identifier = "arn:aws:bedrock:eu-central-1:777788889999:guardrail-profile/eu.guardrail.v1:0" # legit: guardrail profile
  }

  content_policy_config {
    filters_config {
      type            = "HATE"
      input_strength  = "HIGH"
      output_strength = "HIGH"
    }
  }
}

resource "aws_ssm_parameter" "answers_profile" {
  name  = "/policy-search/${var.environment}/answers-profile-arn"
  type  = "String"
  value = aws_bedrock_inference_profile.answers.arn
}

resource "aws_ssm_parameter" "runtime_config" {
  name = "/policy-search/${var.environment}/runtime-config"
  type = "String"
  value = jsonencode({
    answers_profile_arn = aws_bedrock_inference_profile.answers.arn
    rewrite_model_id    = "amazon.nova-micro-v1:0" # expect: BRL101
    embedding_model_id  = "amazon.titan-embed-text-v2:0" # legit: exempt embedding
    max_tokens          = 1024
  })
}

variable "answers_model_override" {
  description = "Optional profile ARN overriding the answers profile"
  type        = string
  default     = null

  validation {
    condition     = var.answers_model_override == null || !contains(["anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-instant-v1"], var.answers_model_override) # legit: comparison
    error_message = "Pass an application inference profile ARN, not a model id such as anthropic.claude-3-haiku-20240307-v1:0." # legit: message
  }
}

import {
  to = aws_bedrock_inference_profile.answers
  id = "policy-search-claude-sonnet-4-5"
}

resource "aws_ssm_parameter" "rerank_model" {
  name  = "/policy-search/${var.environment}/rerank-model-arn"
  type  = "String"
  value = "arn:aws:bedrock:eu-central-1::foundation-model/amazon.rerank-v1:0" # legit: rerank is exempt
}
