terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80"
    }
  }
}

# ADR-0006 tier-1 tags on every resource of this stack.
provider "aws" {
  region = "eu-central-1"

  default_tags {
    tags = {
      product        = "acme"
      "billing-mode" = "internal"
      env            = "prod"
      team           = "conversational-ai"
      owner          = "chat-team@acme.io"
      source         = "github.com/acme/chat-service"
      "managed-by"   = "terraform"
    }
  }
}
