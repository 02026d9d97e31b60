terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.70.0"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

data "aws_partition" "current" {}
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name
  account_id = data.aws_caller_identity.current.account_id

  returns_prompts = [
    { type = "PRE_PROCESSING", state = "DISABLED", model = aws_bedrock_inference_profile.triage.arn },
    { type = "POST_PROCESSING", state = "ENABLED", model = "anthropic.claude-3-haiku-20240307-v1:0" },
  ]
}

# Looked up only to scope the agent role below.
data "aws_bedrock_foundation_model" "orchestrator" {
  model_id = "anthropic.claude-3-5-sonnet-20241022-v2:0" # legit: data-source lookup for IAM
}

data "aws_bedrock_foundation_model" "router" {
  model_id = var.router_model
}

data "aws_iam_policy_document" "agent_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["bedrock.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }
  }
}

data "aws_iam_policy_document" "agent_permissions" {
  statement {
    actions = ["bedrock:InvokeModel", "bedrock:GetInferenceProfile"]
    resources = [
      data.aws_bedrock_foundation_model.orchestrator.model_arn,
      "arn:${local.partition}:bedrock:${local.region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0", # legit: IAM
      "arn:${local.partition}:bedrock:*::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0",             # legit: IAM
      aws_bedrock_inference_profile.triage.arn,
    ]
  }
}

resource "aws_iam_role" "agent" {
  name_prefix        = "AmazonBedrockExecutionRoleForAgents_"
  assume_role_policy = data.aws_iam_policy_document.agent_trust.json
}

resource "aws_iam_role_policy" "agent" {
  role   = aws_iam_role.agent.id
  policy = data.aws_iam_policy_document.agent_permissions.json
}

resource "aws_bedrock_inference_profile" "triage" { # expect: BRL201
  name        = "cx-agents-triage-claude-haiku-4-5"
  description = "Triage agent for Globex, billed to the client"

  model_source {
    copy_from = "arn:${local.partition}:bedrock:${local.region}:${local.account_id}:inference-profile/eu.anthropic.claude-haiku-4-5-20251001-v1:0"
  }

  tags = merge(var.tags, {
    product        = "cx-agents"
    "billing-mode" = "client"
    client         = "globex"
    env            = "dev"
  })
}

resource "aws_bedrockagent_agent" "support" {
  agent_name                  = "cx-support-agent"
  agent_resource_role_arn     = aws_iam_role.agent.arn
  foundation_model            = var.agent_foundation_model # expect: BRL101
  idle_session_ttl_in_seconds = 600
  instruction                 = "You answer customer questions about orders. Model: anthropic.claude-3-5-sonnet-20241022-v2:0." # legit: free text
  tags                        = var.tags
}

resource "aws_bedrockagent_agent" "triage" {
  agent_name              = "cx-triage-agent"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = aws_bedrock_inference_profile.triage.arn
  instruction             = "You classify incoming tickets and route them to the right queue."

  prompt_override_configuration {
    prompt_configurations {
      prompt_type          = "PRE_PROCESSING"
      prompt_creation_mode = "OVERRIDDEN"
      prompt_state         = "ENABLED"
      parser_mode          = "DEFAULT"
      foundation_model     = "anthropic.claude-3-haiku-20240307-v1:0" # expect: BRL101
      base_prompt_template = file("${path.module}/prompts/pre_processing.txt")

      inference_configuration {
        max_length     = 2048
        stop_sequences = ["</answer>"]
        temperature    = 0
        top_k          = 250
        top_p          = 1
      }
    }

    prompt_configurations {
      prompt_type          = "ORCHESTRATION"
      prompt_creation_mode = "DEFAULT"
      prompt_state         = "ENABLED"
      parser_mode          = "DEFAULT"
      foundation_model     = aws_bedrock_inference_profile.triage.arn
    }
  }
}

resource "aws_bedrockagent_agent" "billing" {
  agent_name              = "cx-billing-agent"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = data.aws_bedrock_foundation_model.router.model_arn # expect: BRL101
  instruction             = "You explain invoices."
}

resource "aws_bedrockagent_agent" "returns" {
  agent_name              = "cx-returns-agent"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = aws_bedrock_inference_profile.triage.arn
  instruction             = "You handle return requests and issue return labels."

  prompt_override_configuration {
    dynamic "prompt_configurations" {
      for_each = local.returns_prompts
      content {
        prompt_type          = prompt_configurations.value.type
        prompt_state         = prompt_configurations.value.state
        prompt_creation_mode = "DEFAULT"
        parser_mode          = "DEFAULT"
        foundation_model     = prompt_configurations.value.model # expect: BRL101
      }
    }
  }
}

resource "aws_bedrockagentcore_agent_runtime" "returns_runtime" {
  agent_runtime_name = "cx_returns_runtime"
  role_arn           = aws_iam_role.agent.arn

  agent_runtime_artifact {
    container_configuration {
      container_uri = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/cx-returns:latest"
    }
  }

  network_configuration {
    network_mode = "PUBLIC"
  }

  environment_variables = {
    BEDROCK_INFERENCE_PROFILE_ARN = aws_bedrock_inference_profile.triage.arn
    STRANDS_MODEL_ARN             = "arn:aws:bedrock:${local.region}::foundation-model/${var.router_model}" # expect: BRL101
  }
}

# Older agent still managed through Cloud Control.
resource "awscc_bedrock_agent" "legacy_faq" {
  agent_name              = "cx-legacy-faq"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = "anthropic.claude-v2:1" # expect: BRL101
  instruction             = "You answer FAQ questions for the legacy shop."
  auto_prepare            = true
}

resource "aws_bedrockagent_knowledge_base" "faq" {
  name     = "cx-faq"
  role_arn = aws_iam_role.agent.arn

  knowledge_base_configuration {
    type = "VECTOR"
    vector_knowledge_base_configuration {
      embedding_model_arn = "arn:${local.partition}:bedrock:${local.region}::foundation-model/${var.kb_embedding_model}" # legit: exempt embedding
    }
  }

  storage_configuration {
    type = "OPENSEARCH_SERVERLESS"
    opensearch_serverless_configuration {
      collection_arn    = "arn:aws:aoss:eu-west-1:111122223333:collection/faqcollection01"
      vector_index_name = "bedrock-knowledge-base-default-index"
      field_mapping {
        vector_field   = "bedrock-knowledge-base-default-vector"
        text_field     = "AMAZON_BEDROCK_TEXT_CHUNK"
        metadata_field = "AMAZON_BEDROCK_METADATA"
      }
    }
  }
}

resource "aws_bedrockagent_data_source" "faq_pdfs" {
  knowledge_base_id = aws_bedrockagent_knowledge_base.faq.id
  name              = "faq-pdfs"

  data_source_configuration {
    type = "S3"
    s3_configuration {
      bucket_arn = "arn:aws:s3:::example-cx-faq"
    }
  }

  vector_ingestion_configuration {
    parsing_configuration {
      parsing_strategy = "BEDROCK_FOUNDATION_MODEL"
      bedrock_foundation_model_configuration {
        model_arn = "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" # expect: BRL101
      }
    }
  }
}

resource "aws_bedrockagent_agent_knowledge_base_association" "support_faq" {
  agent_id             = aws_bedrockagent_agent.support.agent_id
  knowledge_base_id    = aws_bedrockagent_knowledge_base.faq.id
  knowledge_base_state = "ENABLED"
  description          = "FAQ answers (embedded with cohere.embed-multilingual-v3)"
}

output "orchestrator_model_arn" {
  value = data.aws_bedrock_foundation_model.orchestrator.model_arn
}
